package io.tributary.broker.group;

import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * Everything the coordinator of one {@code __consumer_offsets} partition holds for one leader
 * epoch: the groups and offsets ({@link ShardState}), the managers acting on them, their timers
 * ({@link ScopedScheduler}) and a writer bound to that epoch. A context is built empty when the
 * broker is elected, filled by the replay of the log, and thrown away when the epoch ends
 * ({@link #close}); the next election builds a new one, so nothing of an old epoch survives in
 * memory.
 *
 * <p>Not thread-safe: confined to the owning shard's thread, timer callbacks included.
 */
final class CoordinatorContext {

    private final int partition;
    private final int leaderEpoch;
    private final ShardState state = new ShardState();
    private final ScopedScheduler scheduler;
    private final ClassicGroupManager classic;
    private final ClassicMembership membership;
    private final ClassicSync sync;
    private final OffsetManager offsets;
    private final GroupAdmin admin;
    private final ConsumerGroupManager consumer;
    private final TopicLookup topics;

    CoordinatorContext(int partition, int leaderEpoch, GroupConfig config, Time time, Scheduler shardScheduler,
            GroupWriter writer, TopicLookup topics) {
        this.partition = partition;
        this.leaderEpoch = leaderEpoch;
        this.scheduler = new ScopedScheduler(shardScheduler);
        this.topics = topics;
        this.classic = new ClassicGroupManager(state, config, time, scheduler, writer);
        this.membership = new ClassicMembership(state, classic);
        this.sync = new ClassicSync(state, classic, time, scheduler);
        this.consumer = new ConsumerGroupManager(state, config, time, scheduler, topics, writer);
        this.offsets = new OffsetManager(state, config, time, writer, consumer);
        this.admin = new GroupAdmin(state, classic, time, writer);
    }

    int partition() {
        return partition;
    }

    int leaderEpoch() {
        return leaderEpoch;
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

    ScopedScheduler scheduler() {
        return scheduler;
    }

    /**
     * Ends this epoch: cancels every timer (sessions, rebalance and sync deadlines), answers joins
     * and syncs still waiting with NOT_COORDINATOR (their clients look the coordinator up again)
     * and forgets every group and offset. Idempotent.
     */
    void close() {
        scheduler.close();
        for (ClassicGroup group : state.groups().values()) {
            for (ClassicMember m : group.members()) {
                m.completeJoin(ClassicGroupManager.joinError(m.memberId(), Errors.NOT_COORDINATOR));
                m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
            }
        }
        state.clear();
    }
}
