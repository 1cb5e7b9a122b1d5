package io.tributary.broker.group;

/**
 * Runs a task after a delay on the thread that owns the coordinator state it touches. The
 * production implementation sits on the broker's timer and hops onto the shard's thread; tests
 * use a manual one driven by their clock.
 */
public interface Scheduler {

    /** A scheduled task that may be cancelled; cancelling a task that already ran is a no-op. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMs, Runnable task);

    /** Runs {@code task} on the owning thread as soon as it is free (a write's completion hops back so). */
    default void execute(Runnable task) {
        schedule(0, task);
    }
}
