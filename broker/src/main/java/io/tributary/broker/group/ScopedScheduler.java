package io.tributary.broker.group;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The timers of one coordinator epoch: a {@link Scheduler} over the shard's scheduler that
 * remembers every task it has pending, so that {@link #close()} cancels them all when the epoch
 * ends (the broker resigned the partition). After close, nothing it scheduled runs, even a task
 * whose timer had already fired and was queued on the shard's thread, and new tasks are dropped.
 *
 * <p>Not thread-safe: used on the shard's thread only (tasks run there too), except
 * {@link #execute}, which only hands the task to the (thread-safe) shard scheduler.
 */
final class ScopedScheduler implements Scheduler {

    private final Scheduler delegate;
    private final Set<Scheduler.Cancellable> pending = new HashSet<>();
    private boolean closed;

    ScopedScheduler(Scheduler delegate) {
        this.delegate = delegate;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        if (closed) {
            return () -> { };
        }
        Cancellable[] self = new Cancellable[1];
        boolean[] done = {false};
        Cancellable inner = delegate.schedule(delayMs, () -> {
            done[0] = true;
            if (self[0] != null) {
                pending.remove(self[0]);
            }
            if (!closed) {
                task.run();
            }
        });
        Cancellable tracked = new Cancellable() {
            @Override
            public void cancel() {
                pending.remove(this);
                inner.cancel();
            }
        };
        self[0] = tracked;
        if (!done[0]) {
            pending.add(tracked);
        }
        return tracked;
    }

    /** The one method callable from any thread (a write completing elsewhere hops back with it). */
    @Override
    public void execute(Runnable task) {
        delegate.execute(() -> {
            if (!closed) {
                task.run();
            }
        });
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pendingTasks() {
        return pending.size();
    }

    boolean isClosed() {
        return closed;
    }

    /** Cancels every pending task; later tasks are dropped. Idempotent. */
    void close() {
        closed = true;
        for (Cancellable c : List.copyOf(pending)) {
            c.cancel();
        }
        pending.clear();
    }
}
