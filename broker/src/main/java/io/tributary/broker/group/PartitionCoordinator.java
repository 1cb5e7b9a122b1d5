package io.tributary.broker.group;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one {@code __consumer_offsets} partition on this broker: a checked state
 * machine ({@link CoordinatorState}) moved by this broker's leadership of the partition, as the
 * metadata applies it. An election at a new leader epoch builds an empty {@link CoordinatorContext}
 * and replays the log into it step by step ({@link GroupLoader.Replay}): the first within the
 * election, each later one a task of its own queued on the shard's thread; a resignation closes
 * the context (timers cancelled, waiting joins and syncs answered NOT_COORDINATOR, groups and
 * offsets dropped).
 *
 * <p>Invariants: {@code context != null} exactly in LOADING and ACTIVE, and it belongs to
 * {@link #leaderEpoch()}; a replay installs its context only if, when it completes, the partition
 * is still LOADING that same context (a replay of an older epoch, overtaken by a resignation or a
 * newer election, is dropped and its context closed). Epochs only grow: an election or
 * resignation older than the newest one seen is ignored.
 *
 * <p>Not thread-safe: confined to the owning shard's thread.
 */
final class PartitionCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCoordinator.class);

    /** What an election needs: a fresh context for an epoch, and where to run the replay's steps. */
    interface Environment {
        CoordinatorContext newContext(int partition, int leaderEpoch);

        GroupLoader loader();

        /** Queues a task behind the shard's pending work. */
        void submit(Runnable task);
    }

    private final int partition;
    private final Environment env;
    private CoordinatorState state = CoordinatorState.UNLOADED;
    private int leaderEpoch = -1;
    private CoordinatorContext context;
    private CompletableFuture<Void> loaded = CompletableFuture.completedFuture(null);

    PartitionCoordinator(int partition, Environment env) {
        this.partition = partition;
        this.env = env;
    }

    CoordinatorState state() {
        return state;
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    /** Completes when the current load has ended (installed, failed or dropped); done when none runs. */
    CompletableFuture<Void> loaded() {
        return loaded;
    }

    /** The active context, or null unless ACTIVE. */
    CoordinatorContext active() {
        return state == CoordinatorState.ACTIVE ? context : null;
    }

    /**
     * Runs {@code op} on the active context; LOAD_IN_PROGRESS while loading, NOT_COORDINATOR when
     * this broker does not lead the partition (or its load failed).
     */
    <T> CompletableFuture<T> serve(Function<CoordinatorContext, CompletableFuture<T>> op) {
        return switch (state) {
            case ACTIVE -> op.apply(context);
            case LOADING -> CompletableFuture.failedFuture(new CoordinatorLoadInProgressException(
                    "The coordinator of " + OffsetsTopic.NAME + "-" + partition + " is loading"));
            case UNLOADED, FAILED -> CompletableFuture.failedFuture(new NotCoordinatorException(
                    "This broker is not the coordinator of the groups of " + OffsetsTopic.NAME + "-" + partition));
        };
    }

    /** This broker became leader at {@code epoch}: reloads from the log unless that epoch is loaded already. */
    void elect(int epoch) {
        if (epoch < leaderEpoch || (epoch == leaderEpoch && state != CoordinatorState.UNLOADED)) {
            LOG.debug("Ignoring election of {}-{} at epoch {}: at {} in {}", OffsetsTopic.NAME, partition, epoch,
                    leaderEpoch, state);
            return;
        }
        if (state != CoordinatorState.UNLOADED) {
            unload();
        }
        leaderEpoch = epoch;
        state = state.transitionTo(CoordinatorState.LOADING);
        context = env.newContext(partition, epoch);
        CompletableFuture<Void> done = new CompletableFuture<>();
        loaded = done;
        LOG.info("Loading the groups of {}-{} at leader epoch {}", OffsetsTopic.NAME, partition, epoch);
        // the first step runs now, so a new partition's empty log is active before any request
        // queued behind this election; a longer log continues in steps queued behind those requests
        startReplay(context, done);
    }

    /**
     * This broker no longer leads the partition: another broker does from {@code epoch} (or none);
     * a negative epoch means the partition is gone (topic deleted), and epochs start over.
     */
    void resign(int epoch) {
        if (epoch >= 0 && epoch < leaderEpoch) {
            return;
        }
        leaderEpoch = epoch < 0 ? -1 : epoch;
        if (state != CoordinatorState.UNLOADED) {
            unload();
            LOG.info("Unloaded the groups of {}-{} (leader epoch {})", OffsetsTopic.NAME, partition, epoch);
        }
    }

    private void unload() {
        state = state.transitionTo(CoordinatorState.UNLOADED);
        if (context != null) {
            context.close();
            context = null;
        }
        loaded.complete(null);
    }

    private boolean current(CoordinatorContext target) {
        return state == CoordinatorState.LOADING && context == target;
    }

    private void startReplay(CoordinatorContext target, CompletableFuture<Void> done) {
        if (!current(target)) {
            target.close();
            done.complete(null);
            return;
        }
        GroupLoader.Replay replay;
        try {
            replay = env.loader().replay(partition, target.leaderEpoch(), target);
        } catch (RuntimeException e) {
            failed(target, done, e);
            return;
        }
        step(target, replay, done);
    }

    private void step(CoordinatorContext target, GroupLoader.Replay replay, CompletableFuture<Void> done) {
        if (!current(target)) {
            LOG.info("Dropping the load of {}-{} at epoch {}: the partition moved on (epoch {}, {})",
                    OffsetsTopic.NAME, partition, target.leaderEpoch(), leaderEpoch, state);
            target.close();
            done.complete(null);
            return;
        }
        boolean finished;
        try {
            finished = replay.step();
        } catch (RuntimeException e) {
            failed(target, done, e);
            return;
        }
        if (!finished) {
            env.submit(() -> step(target, replay, done));
            return;
        }
        state = state.transitionTo(CoordinatorState.ACTIVE);
        LOG.info("The groups of {}-{} are active at leader epoch {}", OffsetsTopic.NAME, partition, leaderEpoch);
        done.complete(null);
    }

    private void failed(CoordinatorContext target, CompletableFuture<Void> done, RuntimeException e) {
        target.close();
        if (current(target)) {
            LOG.error("Could not load the groups of {}-{} at epoch {}", OffsetsTopic.NAME, partition,
                    target.leaderEpoch(), e);
            state = state.transitionTo(CoordinatorState.FAILED);
            context = null;
        }
        done.complete(null);
    }
}
