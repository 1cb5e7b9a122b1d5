package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.Errors;

/**
 * Heartbeat and LeaveGroup of classic groups: keeping a member's session alive and telling it
 * when to rejoin, and removing members that leave (one per request before v3, a batch from v3,
 * static members by instance id).
 *
 * <p>Not thread-safe: runs on the shard's thread.
 */
public final class ClassicMembership {

    private final ShardState state;
    private final ClassicGroupManager groups;

    public ClassicMembership(ShardState state, ClassicGroupManager groups) {
        this.state = state;
        this.groups = groups;
    }

    public Errors heartbeat(HeartbeatRequestData req) {
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return Errors.INVALID_GROUP_ID;
        }
        ClassicGroup group = state.group(req.groupId()).orElse(null);
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
        if (group.is(GroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (req.generationId() != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        groups.touch(group, group.member(req.memberId()).orElseThrow());
        return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** LeaveGroup; {@code version} decides between the single member (v0-2) and the batch (v3+) form. */
    public LeaveGroupResponseData leave(LeaveGroupRequestData req, short version) {
        List<MemberIdentity> leaving = version >= 3 ? req.members()
                : List.of(new MemberIdentity().setMemberId(req.memberId()));
        LeaveGroupResponseData out = new LeaveGroupResponseData();
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return out.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        ClassicGroup group = state.group(req.groupId()).orElse(null);
        if (group == null || group.is(GroupState.DEAD)) {
            return out.setErrorCode(
                    (group == null ? Errors.UNKNOWN_MEMBER_ID : Errors.COORDINATOR_NOT_AVAILABLE).code());
        }
        List<MemberResponse> responses = new ArrayList<>();
        for (MemberIdentity id : leaving) {
            Errors error = leaveOne(group, id);
            responses.add(new MemberResponse().setMemberId(id.memberId()).setGroupInstanceId(id.groupInstanceId())
                    .setErrorCode(error.code()));
        }
        if (version >= 3) {
            return out.setMembers(responses);
        }
        return out.setErrorCode(responses.get(0).errorCode());
    }

    private Errors leaveOne(ClassicGroup group, MemberIdentity id) {
        String memberId = id.memberId();
        if (id.groupInstanceId() != null) {
            String current = group.staticMemberId(id.groupInstanceId()).orElse(null);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (memberId != null && !memberId.isEmpty() && !memberId.equals(current)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = current;
        } else if (groups.removePending(group, memberId)) {
            return Errors.NONE;
        }
        ClassicMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        groups.removeMember(group, member, "left the group (" + id.reason() + ")");
        return Errors.NONE;
    }
}
