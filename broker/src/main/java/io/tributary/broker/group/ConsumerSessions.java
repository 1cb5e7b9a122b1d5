package io.tributary.broker.group;

import org.apache.kafka.common.utils.Time;

/**
 * Session and revocation deadlines of consumer-protocol members: a member that does not heartbeat
 * within {@code group.consumer.session.timeout.ms}, or does not revoke its partitions within its
 * rebalance timeout, is removed. One timer per member, re-armed for the nearest deadline; members
 * reloaded after a restart get a full session from the load time.
 *
 * <p>Not thread-safe: runs on the shard's thread (the scheduler hops onto it).
 */
final class ConsumerSessions {

    /** Removes a member whose deadline passed. */
    interface Expiry {
        void expire(ConsumerGroup group, ConsumerGroupMember member, String reason);
    }

    private final GroupConfig config;
    private final Time time;
    private final Scheduler scheduler;
    private final Expiry expiry;

    ConsumerSessions(GroupConfig config, Time time, Scheduler scheduler, Expiry expiry) {
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.expiry = expiry;
    }

    /** The member was heard from: its session restarts now. */
    void touch(ConsumerGroup group, ConsumerGroupMember m) {
        m.heartbeatDeadlineMs(time.milliseconds() + config.consumerSessionTimeoutMs());
        if (!m.sessionCheckArmed()) {
            m.sessionCheckArmed(true);
            scheduler.schedule(config.consumerSessionTimeoutMs(), () -> check(group, m));
        }
    }

    /** A member rebuilt from the offsets topic: a full session, and its rebalance timeout if it is revoking. */
    void restored(ConsumerGroup group, ConsumerGroupMember m) {
        if (m.state() == ConsumerGroupMember.State.UNREVOKED_PARTITIONS) {
            m.revocationDeadlineMs(time.milliseconds() + Math.max(1, m.rebalanceTimeoutMs()));
        }
        touch(group, m);
    }

    private void check(ConsumerGroup group, ConsumerGroupMember m) {
        m.sessionCheckArmed(false);
        if (group.member(m.memberId()).orElse(null) != m) {
            return;
        }
        long now = time.milliseconds();
        if (m.state() == ConsumerGroupMember.State.UNREVOKED_PARTITIONS && now >= m.revocationDeadlineMs()) {
            expiry.expire(group, m, "did not revoke its partitions within the rebalance timeout");
            return;
        }
        if (now >= m.heartbeatDeadlineMs()) {
            expiry.expire(group, m, "session timed out");
            return;
        }
        long next = m.heartbeatDeadlineMs() - now;
        if (m.state() == ConsumerGroupMember.State.UNREVOKED_PARTITIONS) {
            next = Math.min(next, m.revocationDeadlineMs() - now);
        }
        m.sessionCheckArmed(true);
        scheduler.schedule(Math.max(1, next), () -> check(group, m));
    }
}
