package dev.ioloop.app;

import picocli.CommandLine.Command;

/**
 * {@code ./ioloop report RUN_DIR...}: {@code compare} under the name a scaled-out run reads best with, the merge of
 * its injectors' logs into one report (docs/scale-out.md). The same options, the same output.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "The same as compare: Gatling runs side by side, the injectors of a scaled-out run merged into one row per"
          + " server (their logs' every request, percentiles from one histogram), with a table of the injectors.",
    })
final class ReportCommand extends CompareCommand {}
