package dev.ioloop.app.report;

import java.io.IOException;

/** A Gatling report that does not look as this parser expects: most likely a Gatling version with another layout. */
public final class ReportFormatException extends IOException {
  public ReportFormatException(String message) {
    super(message);
  }
}
