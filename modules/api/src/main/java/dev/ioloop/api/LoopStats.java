package dev.ioloop.api;

/**
 * A snapshot of one loop's counters, read from any thread (each field is exact when read; the set is not atomic).
 *
 * @param iterations          passes through the loop's four phases
 * @param callbacksRun        callbacks run
 * @param timeoutsRun         timeouts run
 * @param handlersRun         I/O handler calls
 * @param wakeups             times another thread woke the sleeping loop (coalesced: at most one per sleep)
 * @param slowCallbacks       callbacks, timeouts or handlers that ran longer than the slow-callback threshold
 * @param lagNanos            how late the most recent timeout ran after its deadline: the loop's responsiveness
 * @param busyNanos           wall time spent running callbacks, timeouts and handlers, in total
 * @param pendingTimeouts     timeouts in the heap, cancelled ones not yet compacted away included
 * @param registeredChannels  channels with a handler
 * @param pinnedVirtualThreads virtual threads seen pinned to their carrier (JFR), where the loop watches for it
 */
public record LoopStats(
    long iterations,
    long callbacksRun,
    long timeoutsRun,
    long handlersRun,
    long wakeups,
    long slowCallbacks,
    long lagNanos,
    long busyNanos,
    int pendingTimeouts,
    int registeredChannels,
    long pinnedVirtualThreads) {}
