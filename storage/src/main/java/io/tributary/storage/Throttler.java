package io.tributary.storage;

import org.apache.kafka.common.utils.Time;

/**
 * Keeps an I/O rate at or below a bound ({@code log.cleaner.io.max.bytes.per.second}) by sleeping
 * when the bytes done so far are ahead of the rate, checked over short windows.
 *
 * <p>Thread-safety: thread-safe (synchronized); shared by the cleaner threads.
 */
final class Throttler {
    private static final long WINDOW_MS = 100;

    private final Time time;
    private volatile double bytesPerSecond;
    private long windowStartMs;
    private double windowBytes;

    Throttler(double bytesPerSecond, Time time) {
        this.bytesPerSecond = bytesPerSecond;
        this.time = time;
        this.windowStartMs = time.milliseconds();
    }

    void setRate(double bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Accounts for {@code bytes} of I/O, sleeping as long as needed to stay within the rate. */
    synchronized void acquire(long bytes) {
        double rate = bytesPerSecond;
        if (rate <= 0 || rate >= Double.MAX_VALUE / 2) {
            return;
        }
        windowBytes += bytes;
        long now = time.milliseconds();
        long elapsed = now - windowStartMs;
        long due = (long) (windowBytes * 1000 / rate);
        if (due > elapsed) {
            time.sleep(due - elapsed);
            now = time.milliseconds();
            elapsed = now - windowStartMs;
        }
        if (elapsed >= WINDOW_MS) {
            windowStartMs = now;
            windowBytes = 0;
        }
    }
}
