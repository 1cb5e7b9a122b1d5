package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer rebalance protocol (KIP-848) of one shard: ConsumerGroupHeartbeat joins, leaves
 * and heartbeats members, recomputes the target assignment ({@link ConsumerTargetAssignment}) when
 * the group epoch moves, and reconciles each member towards its target incrementally: partitions to
 * revoke first, then new partitions once their previous owner has released them. Subscriptions by
 * name and by regex: {@link ConsumerSubscriptions}; sessions: {@link ConsumerSessions}.
 *
 * <p>Every change is persisted ({@link ConsumerGroupRecords}) and a heartbeat is answered once its
 * records are durable, so after a restart members continue with their epoch and partitions.
 *
 * <p>Not thread-safe: runs on the shard's thread, timer callbacks included.
 */
public final class ConsumerGroupManager implements OffsetManager.MemberEpochCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupManager.class);
    static final int LEAVE_EPOCH = -1;
    static final int STATIC_LEAVE_EPOCH = -2;

    /** A heartbeat with what the handler knows of the connection. */
    public record Heartbeat(ConsumerGroupHeartbeatRequestData request, short version, String clientId,
            String clientHost) {}

    private final ShardState state;
    private final GroupConfig config;
    private final GroupWriter writer;
    private final ConsumerSubscriptions subscriptions;
    private final ConsumerTargetAssignment assignment;
    private final ConsumerSessions sessions;
    private final ConsumerReconciler reconciler;

    public ConsumerGroupManager(ShardState state, GroupConfig config, Time time, Scheduler scheduler,
            TopicLookup topics, GroupWriter writer) {
        this.state = state;
        this.config = config;
        this.writer = writer;
        this.subscriptions = new ConsumerSubscriptions(topics, time);
        this.assignment = new ConsumerTargetAssignment(topics, subscriptions);
        this.sessions = new ConsumerSessions(config, time, scheduler, this::expire);
        this.reconciler = new ConsumerReconciler(time);
    }

    /** Serves a heartbeat; the answer comes once the changes it made are durable. */
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(Heartbeat hb) {
        ConsumerGroupHeartbeatRequestData req = hb.request();
        ConsumerGroupHeartbeatResponseData out;
        try {
            out = doHeartbeat(hb, req);
        } catch (HeartbeatError e) {
            out = error(req, e.error(), e.getMessage());
        }
        ConsumerGroupHeartbeatResponseData answer = out;
        return persist(state.consumerGroup(req.groupId()).orElse(null)).handle((v, e) -> {
            if (e == null) {
                return answer;
            }
            Throwable cause = WriteResults.unwrap(e);
            LOG.warn("Could not store consumer group {}: {}", req.groupId(), cause.toString());
            return error(req, WriteResults.errorOf(cause), cause.getMessage());
        });
    }

    private static ConsumerGroupHeartbeatResponseData error(ConsumerGroupHeartbeatRequestData req, Errors error,
            String message) {
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(message)
                .setMemberId(req.memberId()).setMemberEpoch(-1);
    }

    /** Writes what changed in the group since its last write (nothing when nothing did). */
    CompletableFuture<Void> persist(ConsumerGroup group) {
        if (group == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<KeyValue> records = ConsumerGroupRecords.changes(group);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return writer.append(group.groupId(), records);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A group rebuilt from the offsets topic: its members' sessions start now. */
    void restored(ConsumerGroup group) {
        ConsumerGroupRecords.markStored(group);
        group.members().values().forEach(m -> sessions.restored(group, m));
    }

    private ConsumerGroupHeartbeatResponseData doHeartbeat(Heartbeat hb, ConsumerGroupHeartbeatRequestData req) {
        validate(hb);
        int epoch = req.memberEpoch();
        String memberId = req.memberId();
        if (epoch == 0 && memberId.isEmpty()) {
            memberId = Uuid.randomUuid().toString();
        }
        ConsumerGroup group = state.consumerGroup(req.groupId()).orElse(null);
        if (epoch == LEAVE_EPOCH || epoch == STATIC_LEAVE_EPOCH) {
            if (group != null) {
                leave(group, memberId, req.instanceId(), epoch);
            }
            return new ConsumerGroupHeartbeatResponseData().setMemberId(memberId).setMemberEpoch(epoch)
                    .setHeartbeatIntervalMs(0);
        }
        if (group == null) {
            if (epoch != 0) {
                throw new HeartbeatError(Errors.UNKNOWN_MEMBER_ID,
                        "Member " + memberId + " is not in group " + req.groupId());
            }
            group = createGroup(req.groupId());
        }
        ConsumerGroupMember member = memberFor(group, memberId, epoch, req);
        boolean changed = update(group, member, hb);
        sessions.touch(group, member);
        changed |= subscriptions.refreshRegexes(group);
        changed |= subscriptions.refreshTopicMetadata(group);
        if (changed) {
            group.bumpGroupEpoch();
        }
        if (group.groupEpoch() > group.assignmentEpoch()) {
            assignment.compute(group);
        }
        boolean assignmentChanged = reconciler.reconcile(group, member, owned(req));
        ConsumerGroupHeartbeatResponseData out = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId())
                .setMemberEpoch(member.memberEpoch())
                .setHeartbeatIntervalMs(config.consumerHeartbeatIntervalMs());
        if (assignmentChanged || epoch == 0 || req.topicPartitions() != null) {
            out.setAssignment(toResponse(member.assigned()));
        }
        return out;
    }

    private void validate(Heartbeat hb) {
        ConsumerGroupHeartbeatRequestData req = hb.request();
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            throw new HeartbeatError(Errors.INVALID_GROUP_ID, "Invalid group id");
        }
        int epoch = req.memberEpoch();
        if (epoch == 0) {
            if (hb.version() >= 1 && req.memberId().isEmpty()) {
                throw new HeartbeatError(Errors.INVALID_REQUEST, "MemberId can't be empty.");
            }
            if (req.subscribedTopicNames() == null && req.subscribedTopicRegex() == null) {
                throw new HeartbeatError(Errors.INVALID_REQUEST,
                        "Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.");
            }
            if (req.rebalanceTimeoutMs() == -1) {
                throw new HeartbeatError(Errors.INVALID_REQUEST,
                        "RebalanceTimeoutMs must be provided in first request.");
            }
            if (req.topicPartitions() == null || !req.topicPartitions().isEmpty()) {
                throw new HeartbeatError(Errors.INVALID_REQUEST, "TopicPartitions must be empty when (re-)joining.");
            }
        } else if (epoch > 0 || epoch == LEAVE_EPOCH || epoch == STATIC_LEAVE_EPOCH) {
            if (req.memberId().isEmpty()) {
                throw new HeartbeatError(Errors.INVALID_REQUEST, "MemberId can't be empty.");
            }
        } else {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "MemberEpoch is invalid.");
        }
        ConsumerSubscriptions.validateRegex(req.subscribedTopicRegex());
        if (req.serverAssignor() != null && !assignment.supports(req.serverAssignor())) {
            throw new HeartbeatError(Errors.UNSUPPORTED_ASSIGNOR,
                    "Assignor " + req.serverAssignor() + " is not supported. "
                            + "Supported assignors: " + assignment.names());
        }
    }

    private ConsumerGroup createGroup(String groupId) {
        ClassicGroup classic = state.group(groupId).orElse(null);
        if (classic != null) {
            if (!classic.isEmpty()) {
                throw new HeartbeatError(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group.");
            }
            state.groups().remove(groupId);
            writer.deleteGroup(groupId);
        }
        ConsumerGroup group = new ConsumerGroup(groupId);
        state.consumerGroups().put(groupId, group);
        return group;
    }

    private ConsumerGroupMember memberFor(ConsumerGroup group, String memberId, int epoch,
            ConsumerGroupHeartbeatRequestData req) {
        if (epoch == 0) {
            if (req.instanceId() != null) {
                ConsumerGroupMember old = group.staticMember(req.instanceId()).orElse(null);
                if (old != null && !old.memberId().equals(memberId)) {
                    if (!old.leftTemporarily()) {
                        throw new HeartbeatError(Errors.UNRELEASED_INSTANCE_ID, "Static member " + req.instanceId()
                                + " is still in use by " + old.memberId());
                    }
                    return replaceStatic(group, old, memberId);
                }
            }
            ConsumerGroupMember existing = group.member(memberId).orElse(null);
            if (existing != null) {
                removeMember(group, existing, "rejoined with epoch 0");
            }
            ConsumerGroupMember m = new ConsumerGroupMember(memberId, req.instanceId());
            group.members().put(memberId, m);
            group.bumpGroupEpoch();
            LOG.info("Member {} joined consumer group {}", memberId, group.groupId());
            return m;
        }
        ConsumerGroupMember m = group.member(memberId).orElseThrow(() -> new HeartbeatError(Errors.UNKNOWN_MEMBER_ID,
                "Member " + memberId + " is not in group " + group.groupId()));
        if (epoch != m.memberEpoch()) {
            boolean lostResponse = epoch == m.previousMemberEpoch() && req.topicPartitions() != null
                    && contains(m.assigned(), owned(req));
            if (!lostResponse) {
                throw new HeartbeatError(Errors.FENCED_MEMBER_EPOCH, "Epoch " + epoch + " of member " + memberId
                        + " is not its current epoch " + m.memberEpoch());
            }
        }
        return m;
    }

    /** A restarted static member takes over its previous incarnation's epoch and partitions. */
    private ConsumerGroupMember replaceStatic(ConsumerGroup group, ConsumerGroupMember old, String newId) {
        ConsumerGroupMember m = new ConsumerGroupMember(newId, old.instanceId());
        m.subscribedTopics(old.subscribedTopics());
        m.subscribedRegex(old.subscribedRegex());
        m.serverAssignor(old.serverAssignor());
        m.rebalanceTimeoutMs(old.rebalanceTimeoutMs());
        m.advanceEpoch(old.memberEpoch());
        m.assigned(old.assigned());
        m.pendingRevocation(old.pendingRevocation());
        m.state(old.state());
        group.members().remove(old.memberId());
        group.members().put(newId, m);
        Map<String, Map<Uuid, Set<Integer>>> targets = new HashMap<>(group.targets());
        Map<Uuid, Set<Integer>> t = targets.remove(old.memberId());
        if (t != null) {
            targets.put(newId, t);
        }
        group.target(targets);
        group.release(old.memberId(), old.assigned());
        group.release(old.memberId(), old.pendingRevocation());
        forEach(m.assigned(), p -> group.own(p, newId));
        forEach(m.pendingRevocation(), p -> group.own(p, newId));
        LOG.info("Static member {} of consumer group {} rejoined as {}", old.instanceId(), group.groupId(), newId);
        return m;
    }

    /** Applies the request's changes to the member; true when the group epoch must move. */
    private boolean update(ConsumerGroup group, ConsumerGroupMember m, Heartbeat hb) {
        ConsumerGroupHeartbeatRequestData req = hb.request();
        m.client(hb.clientId(), hb.clientHost(), req.rackId() != null ? req.rackId() : m.rackId());
        if (req.rebalanceTimeoutMs() > 0) {
            m.rebalanceTimeoutMs(req.rebalanceTimeoutMs());
        }
        boolean changed = false;
        if (req.subscribedTopicNames() != null) {
            List<String> next = List.copyOf(new TreeSet<>(req.subscribedTopicNames()));
            if (!next.equals(m.subscribedTopics())) {
                m.subscribedTopics(next);
                changed = true;
            }
        }
        if (req.subscribedTopicRegex() != null) {
            String next = req.subscribedTopicRegex().isEmpty() ? null : req.subscribedTopicRegex();
            if (!Objects.equals(next, m.subscribedRegex())) {
                m.subscribedRegex(next);
                changed = true;
            }
        }
        if (req.serverAssignor() != null && !req.serverAssignor().equals(m.serverAssignor())) {
            m.serverAssignor(req.serverAssignor());
            changed = true;
        }
        m.leftTemporarily(false);
        return changed;
    }

    private void leave(ConsumerGroup group, String memberId, String instanceId, int epoch) {
        ConsumerGroupMember m = group.member(memberId).orElse(null);
        if (m == null && instanceId != null) {
            m = group.staticMember(instanceId).orElse(null);
        }
        if (m == null) {
            return;
        }
        if (epoch == STATIC_LEAVE_EPOCH && m.instanceId() != null) {
            m.leftTemporarily(true);
            LOG.info("Static member {} of consumer group {} left temporarily", m.instanceId(), group.groupId());
            return;
        }
        removeMember(group, m, "left the group");
    }

    void removeMember(ConsumerGroup group, ConsumerGroupMember m, String reason) {
        group.members().remove(m.memberId());
        group.release(m.memberId(), m.assigned());
        group.release(m.memberId(), m.pendingRevocation());
        Map<String, Map<Uuid, Set<Integer>>> targets = new HashMap<>(group.targets());
        targets.remove(m.memberId());
        group.target(targets);
        ConsumerSubscriptions.forgetUnusedRegexes(group);
        group.bumpGroupEpoch();
        LOG.info("Member {} of consumer group {} removed: {}", m.memberId(), group.groupId(), reason);
    }

    /** A member whose session or rebalance timeout expired leaves the group; the change is persisted. */
    private void expire(ConsumerGroup group, ConsumerGroupMember m, String reason) {
        removeMember(group, m, reason);
        persist(group).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("Could not store consumer group {} after removing {}", group.groupId(), m.memberId(), e);
            }
        });
    }

    // ---------------------------------------------------------------- offsets

    @Override
    public Errors check(String groupId, String memberId, int memberEpoch, boolean isCommit) {
        ConsumerGroup group = state.consumerGroup(groupId).orElse(null);
        if (group == null) {
            return null;
        }
        if (isCommit && memberEpoch < 0 && (memberId == null || memberId.isEmpty()) && group.members().isEmpty()) {
            return Errors.NONE;
        }
        ConsumerGroupMember m = memberId == null ? null : group.member(memberId).orElse(null);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (memberEpoch != m.memberEpoch()) {
            return Errors.STALE_MEMBER_EPOCH;
        }
        return Errors.NONE;
    }

    // ---------------------------------------------------------------- helpers

    private static Map<Uuid, Set<Integer>> owned(ConsumerGroupHeartbeatRequestData req) {
        if (req.topicPartitions() == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> out = new HashMap<>();
        req.topicPartitions().forEach(tp -> out.computeIfAbsent(tp.topicId(), t -> new TreeSet<>())
                .addAll(tp.partitions()));
        return out;
    }

    private static boolean contains(Map<Uuid, Set<Integer>> all, Map<Uuid, Set<Integer>> some) {
        return some.entrySet().stream().allMatch(e -> all.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()));
    }

    private static void forEach(Map<Uuid, Set<Integer>> parts, java.util.function.Consumer<ConsumerGroup.Part> f) {
        parts.forEach((t, ps) -> ps.forEach(p -> f.accept(new ConsumerGroup.Part(t, p))));
    }

    static ConsumerGroupHeartbeatResponseData.Assignment toResponse(Map<Uuid, Set<Integer>> parts) {
        ConsumerGroupHeartbeatResponseData.Assignment a = new ConsumerGroupHeartbeatResponseData.Assignment();
        new TreeMap<>(parts).forEach((t, ps) -> a.topicPartitions().add(
                new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(t).setPartitions(new ArrayList<>(new TreeSet<>(ps)))));
        return a;
    }
}
