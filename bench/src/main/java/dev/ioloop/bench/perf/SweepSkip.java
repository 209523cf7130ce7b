package dev.ioloop.bench.perf;

/** A step of the sweep that did not run on this machine, and why (the table says so rather than the run failing). */
record SweepSkip(SweepLoad load, String reason) {}
