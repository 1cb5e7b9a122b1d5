package io.tributary.broker.group;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on the broker's hashed-wheel timer that runs each task on the shard's
 * executor, so timer callbacks see the shard's state from its own thread. Thread-safe.
 */
final class TimerScheduler implements Scheduler {

    private final Timer timer;
    private final Executor shardExecutor;

    TimerScheduler(Timer timer, Executor shardExecutor) {
        this.timer = timer;
        this.shardExecutor = shardExecutor;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Timeout t = timer.newTimeout(timeout -> {
            try {
                shardExecutor.execute(task);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return t::cancel;
    }

    @Override
    public void execute(Runnable task) {
        try {
            shardExecutor.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
