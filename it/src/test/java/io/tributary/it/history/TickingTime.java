package io.tributary.it.history;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/** A {@link Time} for hand-built histories: every reading advances it by one millisecond. Thread-safe. */
final class TickingTime implements Time {

    private final AtomicLong millis = new AtomicLong(1_000_000);

    @Override
    public long milliseconds() {
        return millis.incrementAndGet();
    }

    @Override
    public long nanoseconds() {
        return millis.get() * 1_000_000;
    }

    @Override
    public void sleep(long ms) {
        millis.addAndGet(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("a ticking clock does not wait");
    }
}
