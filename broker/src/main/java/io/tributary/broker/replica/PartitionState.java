package io.tributary.broker.replica;

import io.tributary.metadata.PartitionImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.protocol.Errors;

/**
 * The role of a local replica, one immutable object per state. {@link Partition} holds the
 * current one and moves between them only as {@link #checkTransition} allows:
 *
 * <pre>
 *   None     → Leader | Follower | Offline | Deleted
 *   Leader   → Leader (same leader epoch, partition epoch not older; or a newer leader epoch)
 *            | Follower (newer leader epoch) | Offline | Deleted
 *   Follower → Follower (as Leader → Leader) | Leader (newer leader epoch) | Offline | Deleted
 *   Offline  → Deleted
 *   Deleted  → nothing
 * </pre>
 *
 * <p>Anything else throws {@link IllegalStateException}: it means the metadata went backwards or a
 * caller skipped a step, and acting on it could serve data under a stale epoch.
 */
public sealed interface PartitionState {

    /** The error a client asking this replica to act as leader gets; NONE for a leader. */
    Errors leaderError();

    /** The leader epoch this replica knows, -1 when it has none. */
    int leaderEpoch();

    /**
     * Whether moving to {@code next} is allowed.
     *
     * @throws IllegalStateException when it is not
     */
    void checkTransition(PartitionState next);

    /** Whether this state already is what {@code image} says for replica {@code localId}. */
    default boolean matches(PartitionImage image, int localId) {
        return false;
    }

    /** Just created: the log is open, the metadata has not given it a role yet. */
    record None() implements PartitionState {
        @Override
        public Errors leaderError() {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }

        @Override
        public int leaderEpoch() {
            return -1;
        }

        @Override
        public void checkTransition(PartitionState next) {
            if (next instanceof None) {
                throw illegal(this, next);
            }
        }
    }

    /**
     * This broker leads the partition.
     *
     * @param followers what is known of every other replica, by broker id
     * @param epochStartOffset the local log end offset when this leader epoch began: a follower
     *     joins the ISR only once it has reached it (it then holds every record of earlier epochs
     *     this leader kept)
     * @param pendingIsr the ISR this leader has asked the controller for and not yet seen
     *     committed, else null; while one is pending no other is asked for, and the high watermark
     *     counts the union of both ISRs (Kafka's "maximal ISR"), so a replica being added is
     *     waited for before it could be elected
     */
    record Leader(int leaderEpoch, int partitionEpoch, List<Integer> replicas, List<Integer> isr,
            Map<Integer, ReplicaState> followers, long epochStartOffset, List<Integer> pendingIsr)
            implements PartitionState {

        public Leader {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
            followers = Map.copyOf(followers);
            pendingIsr = pendingIsr == null ? null : List.copyOf(pendingIsr);
        }

        /**
         * The leader state {@code image} gives replica {@code localId}. Followers keep what is
         * known of them when the leader epoch stays; a new epoch starts them afresh at
         * {@code localEndOffset}. A pending ISR change survives only while the image has not moved
         * past the partition epoch it was asked against.
         */
        static Leader of(PartitionImage image, int localId, PartitionState previous, long nowMs,
                long localEndOffset) {
            Leader same = previous instanceof Leader l && l.leaderEpoch == image.leaderEpoch() ? l : null;
            Map<Integer, ReplicaState> known = same != null ? same.followers : Map.of();
            Map<Integer, ReplicaState> followers = new HashMap<>();
            for (int id : image.replicas()) {
                if (id != localId) {
                    ReplicaState s = known.get(id);
                    followers.put(id, s != null ? s : ReplicaState.unknown(image.isr().contains(id), nowMs));
                }
            }
            long start = same != null ? same.epochStartOffset : localEndOffset;
            List<Integer> pending = same != null && same.pendingIsr != null
                    && image.partitionEpoch() <= same.partitionEpoch ? same.pendingIsr : null;
            return new Leader(image.leaderEpoch(), image.partitionEpoch(), image.replicas(), image.isr(), followers,
                    start, pending);
        }

        /** This state with {@code replicaId}'s state replaced. */
        Leader withFollower(int replicaId, ReplicaState state) {
            Map<Integer, ReplicaState> next = new HashMap<>(followers);
            next.put(replicaId, state);
            return new Leader(leaderEpoch, partitionEpoch, replicas, isr, next, epochStartOffset, pendingIsr);
        }

        /** This state with {@code pending} (null: none) as the ISR change in flight. */
        Leader withPendingIsr(List<Integer> pending) {
            return new Leader(leaderEpoch, partitionEpoch, replicas, isr, followers, epochStartOffset, pending);
        }

        /**
         * The smallest log end offset over the maximal ISR (the committed one and a pending one):
         * the local one, {@code localEndOffset}, and the in-sync followers' (-1 while one of them
         * has not fetched yet).
         */
        long minIsrLogEndOffset(int localId, long localEndOffset) {
            long min = minOver(isr, localId, localEndOffset);
            return pendingIsr == null ? min : Math.min(min, minOver(pendingIsr, localId, localEndOffset));
        }

        private long minOver(List<Integer> members, int localId, long localEndOffset) {
            long min = localEndOffset;
            for (int i = 0; i < members.size(); i++) {
                int id = members.get(i);
                if (id != localId) {
                    ReplicaState s = followers.get(id);
                    min = Math.min(min, s == null ? ReplicaState.UNKNOWN_OFFSET : s.logEndOffset());
                }
            }
            return min;
        }

        /** The in-sync followers that have not been caught up within {@code maxLagMs}. */
        public Set<Integer> outOfSyncReplicas(int localId, long leaderEndOffset, long nowMs, long maxLagMs) {
            Set<Integer> out = new TreeSet<>();
            for (int id : isr) {
                ReplicaState s = followers.get(id);
                if (id != localId && s != null && !s.isCaughtUp(leaderEndOffset, nowMs, maxLagMs)) {
                    out.add(id);
                }
            }
            return out;
        }

        @Override
        public Errors leaderError() {
            return Errors.NONE;
        }

        @Override
        public void checkTransition(PartitionState next) {
            switch (next) {
                case Leader l -> checkEpochs(this, leaderEpoch, partitionEpoch, next, l.leaderEpoch, l.partitionEpoch);
                case Follower f -> checkNewerEpoch(this, leaderEpoch, next, f.leaderEpoch);
                case Offline o -> { }
                case Deleted d -> { }
                case None n -> throw illegal(this, next);
            }
        }

        @Override
        public boolean matches(PartitionImage image, int localId) {
            return image.leader() == localId && image.leaderEpoch() == leaderEpoch
                    && image.partitionEpoch() == partitionEpoch && image.isr().equals(isr)
                    && image.replicas().equals(replicas);
        }
    }

    /**
     * Another broker leads the partition (or none does: {@code leaderId} -1); this one follows.
     */
    record Follower(int leaderId, int leaderEpoch, int partitionEpoch, List<Integer> replicas, List<Integer> isr)
            implements PartitionState {

        public Follower {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }

        static Follower of(PartitionImage image) {
            return new Follower(image.leader(), image.leaderEpoch(), image.partitionEpoch(), image.replicas(),
                    image.isr());
        }

        @Override
        public Errors leaderError() {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }

        @Override
        public void checkTransition(PartitionState next) {
            switch (next) {
                case Follower f -> checkEpochs(this, leaderEpoch, partitionEpoch, next, f.leaderEpoch,
                        f.partitionEpoch);
                case Leader l -> checkNewerEpoch(this, leaderEpoch, next, l.leaderEpoch);
                case Offline o -> { }
                case Deleted d -> { }
                case None n -> throw illegal(this, next);
            }
        }

        @Override
        public boolean matches(PartitionImage image, int localId) {
            return image.leader() == leaderId && image.leader() != localId && image.leaderEpoch() == leaderEpoch
                    && image.partitionEpoch() == partitionEpoch && image.isr().equals(isr)
                    && image.replicas().equals(replicas);
        }
    }

    /** The local log is unusable (it could not be opened, or its directory failed). */
    record Offline(String reason) implements PartitionState {
        @Override
        public Errors leaderError() {
            return Errors.KAFKA_STORAGE_ERROR;
        }

        @Override
        public int leaderEpoch() {
            return -1;
        }

        @Override
        public void checkTransition(PartitionState next) {
            if (!(next instanceof Deleted)) {
                throw illegal(this, next);
            }
        }
    }

    /** No longer hosted here: the topic was deleted or the replica moved away. Final. */
    record Deleted() implements PartitionState {
        @Override
        public Errors leaderError() {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }

        @Override
        public int leaderEpoch() {
            return -1;
        }

        @Override
        public void checkTransition(PartitionState next) {
            throw illegal(this, next);
        }
    }

    private static void checkEpochs(PartitionState from, int leaderEpoch, int partitionEpoch, PartitionState to,
            int nextLeaderEpoch, int nextPartitionEpoch) {
        if (nextLeaderEpoch < leaderEpoch || nextLeaderEpoch == leaderEpoch && nextPartitionEpoch < partitionEpoch) {
            throw illegal(from, to);
        }
    }

    private static void checkNewerEpoch(PartitionState from, int leaderEpoch, PartitionState to, int nextLeaderEpoch) {
        if (nextLeaderEpoch <= leaderEpoch) {
            throw illegal(from, to);
        }
    }

    private static IllegalStateException illegal(PartitionState from, PartitionState to) {
        return new IllegalStateException("Illegal partition state transition from " + from + " to " + to);
    }
}
