package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * ListGroups, DescribeGroups and DeleteGroups over one shard's classic groups.
 *
 * <p>Not thread-safe: runs on the shard's thread.
 */
public final class GroupAdmin {

    private final ShardState state;
    private final ClassicGroupManager classic;
    private final Time time;
    private final GroupWriter writer;

    public GroupAdmin(ShardState state, ClassicGroupManager classic, Time time, GroupWriter writer) {
        this.state = state;
        this.classic = classic;
        this.time = time;
        this.writer = writer;
    }

    /**
     * The shard's classic groups.
     *
     * @param states lower-case state names to keep (empty: all)
     * @param types lower-case group types to keep (empty: all); classic groups are of type "classic"
     */
    public List<ListedGroup> list(Set<String> states, Set<String> types) {
        List<ListedGroup> out = new ArrayList<>();
        if (types.isEmpty() || types.contains("consumer")) {
            for (ConsumerGroup g : state.consumerGroups().values()) {
                if (states.isEmpty() || states.contains(g.state().wireName().toLowerCase())) {
                    out.add(new ListedGroup().setGroupId(g.groupId()).setProtocolType("consumer")
                            .setGroupState(g.state().wireName()).setGroupType("consumer"));
                }
            }
        }
        if (!types.isEmpty() && !types.contains("classic")) {
            return out;
        }
        for (ClassicGroup g : state.groups().values()) {
            if (g.is(GroupState.DEAD)) {
                continue;
            }
            if (!states.isEmpty() && !states.contains(g.state().wireName().toLowerCase())) {
                continue;
            }
            out.add(new ListedGroup().setGroupId(g.groupId())
                    .setProtocolType(g.protocolType() == null ? "" : g.protocolType())
                    .setGroupState(g.state().wireName())
                    .setGroupType("classic"));
        }
        return out;
    }

    public DescribedGroup describe(String groupId) {
        DescribedGroup out = new DescribedGroup().setGroupId(groupId);
        if (!GroupCoordinator.isValidGroupId(groupId)) {
            return out.setErrorCode(Errors.INVALID_GROUP_ID.code()).setGroupState(GroupState.DEAD.wireName())
                    .setProtocolType("").setProtocolData("");
        }
        ConsumerGroup cg = state.consumerGroup(groupId).orElse(null);
        if (cg != null) {
            out.setGroupState(cg.state().wireName()).setProtocolType("consumer").setProtocolData(cg.assignorName());
            cg.members().values().forEach(m -> out.members().add(new DescribedGroupMember().setMemberId(m.memberId())
                    .setGroupInstanceId(m.instanceId()).setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(new byte[0]).setMemberAssignment(new byte[0])));
            return out;
        }
        ClassicGroup g = state.group(groupId).orElse(null);
        if (g == null || g.is(GroupState.DEAD)) {
            return out.setGroupState(GroupState.DEAD.wireName()).setProtocolType("").setProtocolData("")
                    .setErrorCode(g == null ? Errors.NONE.code() : Errors.NONE.code());
        }
        out.setGroupState(g.state().wireName())
                .setProtocolType(g.protocolType() == null ? "" : g.protocolType())
                .setProtocolData(g.is(GroupState.STABLE) && g.protocolName() != null ? g.protocolName() : "");
        boolean stable = g.is(GroupState.STABLE);
        for (ClassicMember m : g.members()) {
            byte[] metadata = g.protocolName() != null ? m.metadata(g.protocolName()) : null;
            out.members().add(new DescribedGroupMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setClientId(m.clientId())
                    .setClientHost(m.clientHost())
                    .setMemberMetadata(stable && metadata != null ? metadata : new byte[0])
                    .setMemberAssignment(stable ? m.assignment() : new byte[0]));
        }
        return out;
    }

    /** ConsumerGroupDescribe of one group: epochs, members, their current and target assignments. */
    public ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId, TopicLookup topics) {
        ConsumerGroupDescribeResponseData.DescribedGroup out = new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId).setAuthorizedOperations(Integer.MIN_VALUE);
        if (!GroupCoordinator.isValidGroupId(groupId)) {
            return out.setErrorCode(Errors.INVALID_GROUP_ID.code()).setGroupState(GroupState.DEAD.wireName());
        }
        ConsumerGroup g = state.consumerGroup(groupId).orElse(null);
        if (g == null) {
            boolean classic = state.group(groupId).isPresent();
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setGroupState(GroupState.DEAD.wireName())
                    .setErrorMessage("Group " + groupId + (classic ? " is not a consumer group." : " not found."));
        }
        out.setGroupState(g.state().wireName()).setGroupEpoch(g.groupEpoch()).setAssignmentEpoch(g.assignmentEpoch())
                .setAssignorName(g.assignorName());
        for (ConsumerGroupMember m : g.members().values()) {
            out.members().add(new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId()).setInstanceId(m.instanceId()).setRackId(m.rackId())
                    .setMemberEpoch(m.memberEpoch()).setClientId(m.clientId() == null ? "" : m.clientId())
                    .setClientHost(m.clientHost() == null ? "" : m.clientHost())
                    .setSubscribedTopicNames(m.subscribedTopics())
                    .setSubscribedTopicRegex(m.subscribedRegex())
                    .setAssignment(assignment(m.assigned(), topics))
                    .setTargetAssignment(assignment(g.target(m.memberId()), topics))
                    .setMemberType((byte) 1));
        }
        return out;
    }

    private static ConsumerGroupDescribeResponseData.Assignment assignment(
            java.util.Map<org.apache.kafka.common.Uuid, Set<Integer>> parts, TopicLookup topics) {
        ConsumerGroupDescribeResponseData.Assignment a = new ConsumerGroupDescribeResponseData.Assignment();
        new java.util.TreeMap<>(parts).forEach((id, ps) -> a.topicPartitions().add(
                new ConsumerGroupDescribeResponseData.TopicPartitions().setTopicId(id)
                        .setTopicName(topics.byId(id).map(TopicLookup.Topic::name).orElse(""))
                        .setPartitions(new ArrayList<>(new java.util.TreeSet<>(ps)))));
        return a;
    }

    /**
     * DeleteGroups of one group: only empty groups may be deleted; their offsets go with them. The
     * group is gone from memory at once; the answer comes once the tombstones are committed.
     */
    public CompletableFuture<Errors> delete(String groupId) {
        if (!GroupCoordinator.isValidGroupId(groupId)) {
            return CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID);
        }
        ConsumerGroup cg = state.consumerGroup(groupId).orElse(null);
        if (cg != null) {
            if (!cg.members().isEmpty()) {
                return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
            }
            CompletableFuture<Errors> done = written(
                    () -> writer.deleteOffsets(groupId, List.copyOf(state.offsets(groupId).keySet())),
                    () -> writer.append(groupId, ConsumerGroupRecords.tombstones(cg)));
            cg.markDead();
            state.consumerGroups().remove(groupId);
            state.removeGroup(groupId);
            return done;
        }
        ClassicGroup g = state.group(groupId).orElse(null);
        if (g == null || g.is(GroupState.DEAD)) {
            if (!state.offsets(groupId).isEmpty()) {
                CompletableFuture<Errors> done = written(
                        () -> writer.deleteOffsets(groupId, List.copyOf(state.offsets(groupId).keySet())));
                state.removeGroup(groupId);
                return done;
            }
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        if (!g.is(GroupState.EMPTY)) {
            return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
        }
        CompletableFuture<Errors> done = written(
                () -> writer.deleteOffsets(groupId, List.copyOf(state.offsets(groupId).keySet())),
                () -> writer.deleteGroup(groupId));
        g.transitionTo(GroupState.DEAD, time.milliseconds());
        state.removeGroup(groupId);
        return done;
    }

    /** Makes the writes in order; NONE once all are committed, else the first failure's error. */
    @SafeVarargs
    private static CompletableFuture<Errors> written(java.util.function.Supplier<CompletableFuture<Void>>... writes) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (java.util.function.Supplier<CompletableFuture<Void>> w : writes) {
            started.add(WriteResults.start(w));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .handle((v, e) -> e == null ? Errors.NONE : WriteResults.errorOf(e));
    }
}
