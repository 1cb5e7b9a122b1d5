package io.tributary.broker.group;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * A shard thread driven by the test: tasks queue up in order and run only when the test says, on
 * its own thread. Not thread-safe.
 */
final class ManualExecutor implements Executor {

    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the oldest queued task; false when none was queued. */
    boolean runNext() {
        Runnable t = tasks.poll();
        if (t == null) {
            return false;
        }
        t.run();
        return true;
    }

    /** Runs queued tasks, and those they queue, until none is left. */
    void runAll() {
        int guard = 0;
        while (runNext()) {
            if (++guard > 100_000) {
                throw new AssertionError("the shard keeps queueing tasks");
            }
        }
    }

    int queued() {
        return tasks.size();
    }
}
