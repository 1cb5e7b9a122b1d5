package io.tributary.network;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/** A clock that only moves when the test calls {@link #sleep}. Thread-safe. */
public final class ManualTime implements Time {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));

    @Override
    public long milliseconds() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    @Override
    public void sleep(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        if (!condition.get()) {
            throw new UnsupportedOperationException("ManualTime cannot wait");
        }
    }
}
