package io.tributary.broker.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncGroup of classic groups: members of a completing rebalance wait until the leader sends
 * the assignment, which is stored in {@code __consumer_offsets}; once that write is committed the
 * group becomes Stable and every member gets its share (if it fails, every member gets the error
 * and the group rebalances). In a Stable group a member gets its assignment at once.
 *
 * <p>Not thread-safe: runs on the shard's thread.
 */
public final class ClassicSync {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicSync.class);

    private final ShardState state;
    private final ClassicGroupManager groups;
    private final Time time;
    private final Scheduler scheduler;

    /** @param scheduler where a write's completion hops back onto the shard's thread */
    public ClassicSync(ShardState state, ClassicGroupManager groups, Time time, Scheduler scheduler) {
        this.state = state;
        this.groups = groups;
        this.time = time;
        this.scheduler = scheduler;
    }

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData req, short version) {
        ClassicGroup group = state.group(req.groupId()).orElse(null);
        Errors error = validateSync(group, req);
        if (error != Errors.NONE) {
            return ClassicGroupManager.done(new SyncGroupResponseData().setErrorCode(error.code()));
        }
        ClassicMember member = group.member(req.memberId()).orElseThrow();
        switch (group.state()) {
            case PREPARING_REBALANCE -> {
                return ClassicGroupManager.done(syncResponse(group, Errors.REBALANCE_IN_PROGRESS, new byte[0]));
            }
            case STABLE -> {
                groups.touch(group, member);
                return ClassicGroupManager.done(syncResponse(group, Errors.NONE, member.assignment()));
            }
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncGroupResponseData> f = new CompletableFuture<>();
                member.completeSync(syncResponse(group, Errors.REBALANCE_IN_PROGRESS, new byte[0]));
                member.awaitSync(f);
                groups.touch(group, member);
                if (group.isLeader(member.memberId())) {
                    applyAssignment(group, req);
                }
                return f;
            }
            default -> {
                return ClassicGroupManager.done(
                        new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
            }
        }
    }

    private Errors validateSync(ClassicGroup group, SyncGroupRequestData req) {
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return Errors.INVALID_GROUP_ID;
        }
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors member = ClassicGroupManager.checkMember(group, req.memberId(), req.groupInstanceId());
        if (member != Errors.NONE) {
            return member;
        }
        if (req.generationId() != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        if ((req.protocolType() != null && !req.protocolType().equals(group.protocolType()))
                || (req.protocolName() != null && group.protocolName() != null
                        && !req.protocolName().equals(group.protocolName()))) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        return Errors.NONE;
    }

    private void applyAssignment(ClassicGroup group, SyncGroupRequestData req) {
        Map<String, byte[]> given = new LinkedHashMap<>();
        req.assignments().forEach(a -> given.put(a.memberId(), a.assignment()));
        for (ClassicMember m : group.members()) {
            m.assignment(given.get(m.memberId()));
        }
        int generation = group.generationId();
        WriteResults.whenWritten(WriteResults.start(() -> groups.write(group)), scheduler,
                error -> assignmentStored(group, generation, error));
    }

    /** On the shard's thread once the assignment's write has completed (not called once the epoch ended). */
    private void assignmentStored(ClassicGroup group, int generation, Errors error) {
        if (state.group(group.groupId()).orElse(null) != group || group.generationId() != generation
                || !group.is(GroupState.COMPLETING_REBALANCE)) {
            return;
        }
        if (error != Errors.NONE) {
            LOG.warn("Could not store the assignment of group {}: {}", group.groupId(), error);
            for (ClassicMember m : group.members()) {
                m.assignment(null);
                m.completeSync(syncResponse(group, error, new byte[0]));
            }
            groups.prepareRebalance(group, "storing the assignment failed");
            return;
        }
        group.nextTimerToken();
        group.rebalanceTimer(null);
        group.transitionTo(GroupState.STABLE, time.milliseconds());
        LOG.info("Group {} is stable in generation {}", group.groupId(), group.generationId());
        for (ClassicMember m : group.members()) {
            m.completeSync(syncResponse(group, Errors.NONE, m.assignment()));
        }
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, Errors error, byte[] assignment) {
        return new SyncGroupResponseData()
                .setErrorCode(error.code())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(assignment);
    }

}
