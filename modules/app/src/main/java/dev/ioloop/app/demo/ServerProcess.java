package dev.ioloop.app.demo;

import java.net.URI;
import java.nio.file.Path;

/**
 * A lab server the demo started in its own JVM.
 *
 * @param name    backend, reactor, loom or jetty
 * @param url     where it answers, on loopback
 * @param process its JVM
 * @param log     its standard output and error
 */
public record ServerProcess(String name, URI url, Process process, Path log) {}
