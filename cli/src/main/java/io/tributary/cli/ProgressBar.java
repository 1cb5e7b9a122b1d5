package io.tributary.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on a terminal, redrawn five times a second with carriage returns:
 * {@code [#########-----------]  45%  12,000 records  3,950 records/s}. Without a known total it
 * shows a moving marker instead of the percentage. Thread-safety: counters are atomic; drawing
 * happens on one daemon thread and in {@link #finish()}.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final AtomicLong records = new AtomicLong();
    private final LongSupplier done;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private int frame;

    /**
     * @param done progress towards {@code total} (e.g. bytes read); {@code total <= 0} means unknown
     */
    ProgressBar(PrintWriter out, LongSupplier done, long total) {
        this.out = out;
        this.done = done;
        this.total = total;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
    }

    void record() {
        records.incrementAndGet();
    }

    private synchronized void draw() {
        out.print("\r" + line() + "\u001b[K");
        out.flush();
    }

    String line() {
        long n = records.get();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        StringBuilder bar = new StringBuilder("[");
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done.getAsLong() / total);
            int filled = (int) Math.round(fraction * WIDTH);
            bar.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", (int) Math.round(fraction * 100)));
        } else {
            int pos = frame++ % WIDTH;
            bar.append("-".repeat(pos)).append('#').append("-".repeat(WIDTH - pos - 1)).append(']');
        }
        return String.format(Locale.ROOT, "%s  %,d records  %,.0f records/s", bar, n, n / seconds);
    }

    /** Stops redrawing and leaves the final line. */
    synchronized void finish() {
        ticker.shutdownNow();
        out.print("\r" + line() + "\u001b[K\n");
        out.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
