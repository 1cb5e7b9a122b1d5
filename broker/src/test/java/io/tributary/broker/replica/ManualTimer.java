package io.tributary.broker.replica;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;


/**
 * A {@link Timer} driven by a {@link ManualClock}: a timeout runs, on the test's thread, when the
 * clock is moved to or past its deadline. Not thread-safe.
 */
public final class ManualTimer implements Timer, ManualClock.Listener {

    private final ManualClock time;
    private final List<ManualTimeout> pending = new ArrayList<>();

    public ManualTimer(ManualClock time) {
        this.time = time;
        time.addListener(this);
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        ManualTimeout t = new ManualTimeout(task, time.milliseconds() + unit.toMillis(Math.max(0, delay)));
        pending.add(t);
        return t;
    }

    @Override
    public Set<Timeout> stop() {
        pending.clear();
        return Set.of();
    }

    /** Timeouts neither run nor cancelled. */
    public int pendingTimeouts() {
        pending.removeIf(t -> t.cancelled);
        return pending.size();
    }

    @Override
    public void onTimeUpdated() {
        long now = time.milliseconds();
        for (ManualTimeout t : List.copyOf(pending)) {
            if (t.dueMs <= now && !t.cancelled && !t.expired) {
                pending.remove(t);
                t.expired = true;
                try {
                    t.task.run(t);
                } catch (Exception e) {
                    throw new AssertionError("timer task failed", e);
                }
            }
        }
    }

    private final class ManualTimeout implements Timeout {
        final TimerTask task;
        final long dueMs;
        volatile boolean cancelled;
        volatile boolean expired;

        ManualTimeout(TimerTask task, long dueMs) {
            this.task = task;
            this.dueMs = dueMs;
        }

        @Override
        public Timer timer() {
            return ManualTimer.this;
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
            return cancelled;
        }

        @Override
        public boolean cancel() {
            if (expired || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }
    }
}
