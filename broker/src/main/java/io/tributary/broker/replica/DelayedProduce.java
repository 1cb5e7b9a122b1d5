package io.tributary.broker.replica;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.Errors;

/**
 * An acks=all produce waiting for the in-sync replicas: one entry per partition whose append the
 * high watermark had not yet passed. An entry is done when the high watermark reaches its required
 * offset (NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below
 * {@code min.insync.replicas} on the way), or when the partition stops being leader here (its
 * state's error); the wait completes when every entry is done or, after the request's timeout,
 * with REQUEST_TIMED_OUT for the rest. It waits on the broker's timer, beside long-poll fetches.
 *
 * <p>Lifecycle: {@link #add} entries on one thread, then {@link #start} once. Each entry's callback
 * runs exactly once, before the returned stage completes.
 *
 * <p>Thread-safety: after {@link #start}, {@link #wake()} may run concurrently on appending,
 * follower-fetch, metadata and timer threads; checks run under this object's monitor and the
 * completion flag makes completion happen once.
 */
public final class DelayedProduce implements PartitionWaiter {

    private static final class Entry {
        final Partition partition;
        final long requiredOffset;
        final int minInsyncReplicas;
        final Consumer<Errors> onDone;
        Errors result;

        Entry(Partition partition, long requiredOffset, int minInsyncReplicas, Consumer<Errors> onDone) {
            this.partition = partition;
            this.requiredOffset = requiredOffset;
            this.minInsyncReplicas = minInsyncReplicas;
            this.onDone = onDone;
        }
    }

    private final Timer timer;
    private final List<Entry> entries = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean completed;
    private Timeout timeout;

    DelayedProduce(Timer timer) {
        this.timer = timer;
    }

    /**
     * Waits for the high watermark of {@code partition} to reach {@code requiredOffset} (the last
     * appended offset + 1); {@code onDone} gets the outcome.
     */
    public void add(Partition partition, long requiredOffset, int minInsyncReplicas, Consumer<Errors> onDone) {
        entries.add(new Entry(partition, requiredOffset, minInsyncReplicas, onDone));
    }

    /** Starts waiting, at most {@code timeoutMs}; the stage completes once every entry has its outcome. */
    public CompletableFuture<Void> start(long timeoutMs) {
        for (Entry e : entries) {
            e.partition.addWaiter(this);
        }
        Timeout t = timer.newTimeout(ignored -> expire(), timeoutMs, TimeUnit.MILLISECONDS);
        synchronized (this) {
            timeout = t;
            if (completed) {
                t.cancel();
            }
        }
        // the high watermark may have moved between the first check and the registration
        wake();
        return done;
    }

    @Override
    public void wake() {
        List<Entry> finished;
        synchronized (this) {
            if (completed || !checkAll()) {
                return;
            }
            finished = finish();
        }
        complete(finished);
    }

    private void expire() {
        List<Entry> finished;
        synchronized (this) {
            if (completed) {
                return;
            }
            checkAll();
            for (Entry e : entries) {
                if (e.result == null) {
                    e.result = Errors.REQUEST_TIMED_OUT;
                }
            }
            finished = finish();
        }
        complete(finished);
    }

    /** Under the monitor: gives entries still waiting their outcome if known; true when all have one. */
    private boolean checkAll() {
        boolean all = true;
        for (Entry e : entries) {
            if (e.result == null) {
                e.result = e.partition.checkEnoughReplicasReachOffset(e.requiredOffset, e.minInsyncReplicas);
                all &= e.result != null;
            }
        }
        return all;
    }

    private List<Entry> finish() {
        completed = true;
        if (timeout != null) {
            timeout.cancel();
        }
        return entries;
    }

    /** Outside the monitor: unregisters, reports every entry, then completes. */
    private void complete(List<Entry> finished) {
        for (Entry e : finished) {
            e.partition.removeWaiter(this);
        }
        for (Entry e : finished) {
            e.onDone.accept(e.result);
        }
        done.complete(null);
    }
}
