package io.tributary.broker.group;

/**
 * Rebuilds the coordinator of one {@code __consumer_offsets} partition from its log when this
 * broker becomes its leader. A replay runs on the shard's thread in steps, so that requests of
 * the shard's other partitions (and COORDINATOR_LOAD_IN_PROGRESS answers for this one) run in
 * between; the coordinator checks before each step that the leader epoch it loads for is still
 * the current one, and drops the replay otherwise.
 */
public interface GroupLoader {

    /** One replay in progress. */
    interface Replay {
        /**
         * Replays the next part of the log into the context; returns true once the whole log is
         * replayed and the groups are restored into it (the context is then complete).
         *
         * @throws RuntimeException when the log cannot be read or the partition is no longer led
         *     at the epoch being loaded
         */
        boolean step();
    }

    /** Starts replaying {@code partition}, led at {@code leaderEpoch}, into the empty {@code target}. */
    Replay replay(int partition, int leaderEpoch, CoordinatorContext target);

    GroupLoader NONE = (p, e, t) -> () -> true;
}
