package io.tributary.broker.group;

import io.netty.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator shard: a single thread that owns the state of every group whose
 * {@code __consumer_offsets} partition maps to this shard, and the managers that act on it.
 * Everything touching {@link ShardState} runs on that thread: requests are submitted to it, and
 * timers hop onto it.
 */
final class GroupShard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupShard.class);

    private final ExecutorService thread;
    private final ShardState state = new ShardState();
    private final ClassicGroupManager classic;
    private final ClassicMembership membership;
    private final ClassicSync sync;
    private final OffsetManager offsets;
    private final GroupAdmin admin;

    private final ConsumerGroupManager consumer;
    private final TopicLookup topics;

    GroupShard(int index, GroupConfig config, Time time, Timer timer, GroupWriter writer, TopicLookup topics) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-group-shard-" + index);
            t.setDaemon(true);
            return t;
        });
        Scheduler scheduler = new TimerScheduler(timer, thread);
        this.classic = new ClassicGroupManager(state, config, time, scheduler, writer);
        this.membership = new ClassicMembership(state, classic);
        this.sync = new ClassicSync(state, classic, time);
        this.topics = topics;
        this.consumer = new ConsumerGroupManager(state, config, time, scheduler, topics, writer);
        this.offsets = new OffsetManager(state, config, time, writer, consumer);
        this.admin = new GroupAdmin(state, classic, time, writer);
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
                    LOG.error("Group operation failed", e);
                    out.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            out.completeExceptionally(
                    new org.apache.kafka.common.errors.CoordinatorNotAvailableException("shutting down"));
        }
        return out;
    }

    ShardState state() {
        return state;
    }

    ClassicGroupManager classic() {
        return classic;
    }

    ClassicSync sync() {
        return sync;
    }

    ClassicMembership membership() {
        return membership;
    }

    OffsetManager offsets() {
        return offsets;
    }

    TopicLookup topics() {
        return topics;
    }

    ConsumerGroupManager consumer() {
        return consumer;
    }

    GroupAdmin admin() {
        return admin;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
