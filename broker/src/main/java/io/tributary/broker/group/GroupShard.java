package io.tributary.broker.group;

import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator shard: a single thread that owns the coordinators ({@link PartitionCoordinator})
 * of every {@code __consumer_offsets} partition mapped to it, and through them their groups.
 * Everything touching that state runs on the shard's thread: requests, elections and
 * resignations are submitted to it, loads run on it step by step, and timers hop onto it.
 */
final class GroupShard implements AutoCloseable, PartitionCoordinator.Environment {

    private static final Logger LOG = LoggerFactory.getLogger(GroupShard.class);

    private final Executor thread;
    private final Scheduler scheduler;
    private final GroupConfig config;
    private final Time time;
    private final GroupWriter.Factory writers;
    private final GroupLoader loader;
    private final TopicLookup topics;
    private final Map<Integer, PartitionCoordinator> partitions = new TreeMap<>(); // shard thread only

    GroupShard(int index, GroupConfig config, Time time, Timer timer, GroupWriter.Factory writers,
            GroupLoader loader, TopicLookup topics) {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-group-shard-" + index);
            t.setDaemon(true);
            return t;
        }), timer, config, time, writers, loader, topics);
    }

    /** A shard on {@code thread}: any executor running one task at a time, in order (tests drive one by hand). */
    GroupShard(Executor thread, Timer timer, GroupConfig config, Time time, GroupWriter.Factory writers,
            GroupLoader loader, TopicLookup topics) {
        this.thread = thread;
        this.scheduler = new TimerScheduler(timer, thread);
        this.config = config;
        this.time = time;
        this.writers = writers;
        this.loader = loader;
        this.topics = topics;
    }

    /** Runs {@code op} on this shard's thread. */
    <T> CompletableFuture<T> call(Function<GroupShard, CompletableFuture<T>> op) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    op.apply(this).whenComplete((v, e) -> {
                        if (e != null) {
                            out.completeExceptionally(e);
                        } else {
                            out.complete(v);
                        }
                    });
                } catch (RuntimeException e) {
                    if (!(e instanceof org.apache.kafka.common.errors.ApiException)) {
                        LOG.error("Group operation failed", e);
                    }
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new CoordinatorNotAvailableException("shutting down"));
        }
        return out;
    }

    /** Runs {@code op} on the active coordinator of {@code partition}, on this shard's thread. */
    <T> CompletableFuture<T> callPartition(int partition, Function<CoordinatorContext, CompletableFuture<T>> op) {
        return call(s -> s.coordinator(partition).serve(op));
    }

    /** This broker leads {@code partition} from {@code leaderEpoch}: queued behind earlier work. */
    void elect(int partition, int leaderEpoch) {
        submit(() -> coordinator(partition).elect(leaderEpoch));
    }

    /** This broker no longer leads {@code partition} (led elsewhere from {@code leaderEpoch}, or not at all). */
    void resign(int partition, int leaderEpoch) {
        submit(() -> coordinator(partition).resign(leaderEpoch));
    }

    /** The coordinator of {@code partition}; shard thread only. */
    PartitionCoordinator coordinator(int partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionCoordinator(p, this));
    }

    /** The contexts of the partitions that are ACTIVE; shard thread only. */
    List<CoordinatorContext> activeContexts() {
        List<CoordinatorContext> out = new ArrayList<>();
        for (PartitionCoordinator c : partitions.values()) {
            if (c.active() != null) {
                out.add(c.active());
            }
        }
        return out;
    }

    /** Completes once every load started so far has ended. */
    CompletableFuture<Void> loadsDone() {
        return call(s -> CompletableFuture.allOf(s.partitions.values().stream().map(PartitionCoordinator::loaded)
                .toArray(CompletableFuture[]::new)));
    }

    @Override
    public CoordinatorContext newContext(int partition, int leaderEpoch) {
        return new CoordinatorContext(partition, leaderEpoch, config, time, scheduler,
                writers.forLeader(partition, leaderEpoch), topics);
    }

    @Override
    public GroupLoader loader() {
        return loader;
    }

    @Override
    public void submit(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Group coordinator task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @Override
    public void close() {
        if (thread instanceof ExecutorService s) {
            s.shutdown();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
