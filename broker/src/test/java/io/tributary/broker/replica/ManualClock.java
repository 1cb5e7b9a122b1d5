package io.tributary.broker.replica;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/**
 * A clock moved only by the test: {@link #sleep} advances it and tells the listeners (a
 * {@link ManualTimer} runs its due timeouts). Thread-safe.
 */
public final class ManualClock implements Time {

    /** Told after every move of the clock. */
    public interface Listener {
        void onTimeUpdated();
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long nowMs;

    public ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized long milliseconds() {
        return nowMs;
    }

    @Override
    public synchronized long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(nowMs);
    }

    @Override
    public void sleep(long ms) {
        synchronized (this) {
            nowMs += ms;
        }
        listeners.forEach(Listener::onTimeUpdated);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("a manual clock does not wait");
    }
}
