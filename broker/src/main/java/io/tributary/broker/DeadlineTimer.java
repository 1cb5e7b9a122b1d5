package io.tributary.broker;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link Timer} for fetch long-polls and group deadlines: one thread that sleeps
 * until the earliest deadline. Unlike a hashed wheel, which ticks every few milliseconds as long as
 * any timeout is pending (hundreds of wake-ups a second for a group's session timer), it wakes
 * only when something is due, so an idle broker stays idle and a loaded one loses no CPU to ticks.
 * Scheduling and cancelling cost O(log n) under the executor's lock; cancelled timeouts leave the
 * queue at once.
 *
 * <p>Tasks run on the timer thread and must be short: they hand work to the thread that owns it.
 * A task that throws is logged and does not stop the timer. Thread-safe.
 */
public final class DeadlineTimer implements Timer {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    public DeadlineTimer(ThreadFactory threadFactory) {
        executor = new ScheduledThreadPoolExecutor(1, threadFactory);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        DeadlineTimeout timeout = new DeadlineTimeout(task);
        try {
            timeout.future = executor.schedule(timeout::run, Math.max(0, delay), unit);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot be started once stopped", e);
        }
        return timeout;
    }

    /** Stops the thread; pending timeouts never run and are not returned. */
    @Override
    public Set<Timeout> stop() {
        executor.shutdown(); // pending timeouts are dropped; no interrupt, which would close a log file a task reads
        return new HashSet<>();
    }

    private final class DeadlineTimeout implements Timeout {
        private final TimerTask task;
        private volatile ScheduledFuture<?> future;
        private volatile boolean expired;

        DeadlineTimeout(TimerTask task) {
            this.task = task;
        }

        void run() {
            expired = true;
            try {
                task.run(this);
            } catch (Throwable t) {
                LOG.warn("Timer task {} failed", task, t);
            }
        }

        @Override
        public Timer timer() {
            return DeadlineTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            ScheduledFuture<?> f = future;
            return f != null && f.isCancelled();
        }

        @Override
        public boolean cancel() {
            ScheduledFuture<?> f = future;
            return f != null && !expired && f.cancel(false);
        }
    }
}
