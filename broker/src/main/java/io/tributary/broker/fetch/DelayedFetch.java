package io.tributary.broker.fetch;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.PartitionWaiter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A long-poll fetch waiting for {@code minBytes} of new data or for {@code max.wait.ms}. It
 * watches every partition it reads; each advance of a high watermark (not each append: data
 * above it is not readable yet) and each change of a partition's state re-reads, and the first
 * evaluation that has enough data, or the timeout, completes it exactly once and unregisters it
 * everywhere.
 *
 * <p>Thread-safety: {@link #wake()} may run concurrently on several appending threads and the
 * timer thread; the completion flag makes completion happen once. A re-read is cheap (index
 * lookups) but runs under this object's monitor so concurrent re-reads do not interleave their
 * writes into the shared response entries.
 */
final class DelayedFetch implements PartitionWaiter {

    private final List<Partition> watched;
    private final LongSupplier reRead;
    private final long minBytes;
    private final boolean onAppend;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Timeout timeout;

    /**
     * @param onAppend woken by every leader append too (a follower's fetch reads up to the log end)
     * @param reRead fills the response again and returns its byte count (at least {@code minBytes}
     *     to end the wait at once)
     */
    DelayedFetch(List<Partition> watched, LongSupplier reRead, long minBytes, boolean onAppend) {
        this.onAppend = onAppend;
        this.watched = watched;
        this.reRead = reRead;
        this.minBytes = minBytes;
    }

    /** Starts waiting; the returned stage completes once the response entries are final. */
    CompletableFuture<Void> start(Timer timer, long maxWaitMs) {
        for (Partition p : watched) {
            if (onAppend) {
                p.addAppendWaiter(this);
            } else {
                p.addWaiter(this);
            }
        }
        timeout = timer.newTimeout(t -> complete(true), maxWaitMs, TimeUnit.MILLISECONDS);
        // data may have arrived between the first read and the registration
        wake();
        return done;
    }

    @Override
    public void wake() {
        if (completed.get()) {
            return;
        }
        synchronized (this) {
            if (completed.get()) {
                return;
            }
            if (reRead.getAsLong() >= minBytes) {
                finish();
            }
        }
    }

    private void complete(boolean reReadFirst) {
        synchronized (this) {
            if (completed.get()) {
                return;
            }
            if (reReadFirst) {
                reRead.getAsLong();
            }
            finish();
        }
    }

    private void finish() {
        completed.set(true);
        for (Partition p : watched) {
            p.removeWaiter(this);
        }
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
        done.complete(null);
    }
}
