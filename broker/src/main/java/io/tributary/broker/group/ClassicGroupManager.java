package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic rebalance protocol over the groups of one shard: JoinGroup with its barrier,
 * leader election and protocol selection, and the rebalances caused by members joining,
 * changing, leaving ({@link ClassicMembership}) or timing out. SyncGroup, which ends a
 * rebalance, is {@link ClassicSync}.
 *
 * <p>Not thread-safe: every method runs on the shard's thread, timer callbacks included (the
 * {@link Scheduler} delivers them there).
 */
public final class ClassicGroupManager {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroupManager.class);

    /** Arguments of a join, decoupled from the request version. */
    public record Join(JoinGroupRequestData request, short version, String clientId, String clientHost) {}

    private final ShardState state;
    private final GroupConfig config;
    private final Time time;
    private final Scheduler scheduler;
    private final GroupWriter writer;

    public ClassicGroupManager(ShardState state, GroupConfig config, Time time, Scheduler scheduler,
            GroupWriter writer) {
        this.state = state;
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.writer = writer;
    }

    // ---------------------------------------------------------------- JoinGroup

    public CompletableFuture<JoinGroupResponseData> join(Join join) {
        JoinGroupRequestData req = join.request();
        Errors invalid = validateJoin(req);
        if (invalid != Errors.NONE) {
            return done(joinError(req.memberId(), invalid));
        }
        boolean unknownMember = req.memberId().isEmpty();
        ConsumerGroup consumerGroup = state.consumerGroup(req.groupId()).orElse(null);
        if (consumerGroup != null) {
            if (!consumerGroup.members().isEmpty()) {
                return done(joinError(req.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL));
            }
            state.consumerGroups().remove(req.groupId());
            CompletableFuture<Void> removed = WriteResults.start(
                    () -> writer.append(req.groupId(), ConsumerGroupRecords.tombstones(consumerGroup)));
            if (removed.isCompletedExceptionally()) {
                return done(joinError(req.memberId(), WriteResults.errorOf(removed.exceptionNow())));
            }
        }
        ClassicGroup group = state.group(req.groupId()).orElse(null);
        if (group == null) {
            if (!unknownMember) {
                return done(joinError(req.memberId(), Errors.UNKNOWN_MEMBER_ID));
            }
            group = state.getOrCreate(req.groupId(), time.milliseconds());
        }
        if (group.is(GroupState.DEAD)) {
            return done(joinError(req.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
        }
        Map<String, byte[]> protocols = protocols(req);
        if (!group.supports(req.protocolType(), protocols.keySet())) {
            return done(joinError(req.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        CompletableFuture<JoinGroupResponseData> f = new CompletableFuture<>();
        if (unknownMember) {
            joinNewMember(group, join, protocols, f);
        } else {
            joinExistingMember(group, join, protocols, f);
        }
        return f;
    }

    private Errors validateJoin(JoinGroupRequestData req) {
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return Errors.INVALID_GROUP_ID;
        }
        if (req.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || req.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return Errors.INVALID_SESSION_TIMEOUT;
        }
        if (req.protocolType() == null || req.protocolType().isEmpty() || req.protocols().isEmpty()) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (req.groupInstanceId() != null && req.groupInstanceId().isEmpty()) {
            return Errors.INVALID_REQUEST;
        }
        return Errors.NONE;
    }

    private static Map<String, byte[]> protocols(JoinGroupRequestData req) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        req.protocols().forEach(p -> out.putIfAbsent(p.name(), p.metadata()));
        return out;
    }

    private void joinNewMember(ClassicGroup group, Join join, Map<String, byte[]> protocols,
            CompletableFuture<JoinGroupResponseData> f) {
        JoinGroupRequestData req = join.request();
        String instanceId = req.groupInstanceId();
        String newId = (instanceId != null ? instanceId : join.clientId()) + "-" + UUID.randomUUID();
        if (instanceId != null) {
            String existing = group.staticMemberId(instanceId).orElse(null);
            if (existing != null) {
                replaceStaticMember(group, existing, newId, join, protocols, f);
            } else {
                addMemberAndRebalance(group, newId, join, protocols, f);
            }
        } else if (join.version() >= 4) {
            group.pendingMembers().add(newId);
            scheduler.schedule(req.sessionTimeoutMs(), () -> expirePending(group, newId));
            f.complete(joinError(newId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(group, newId, join, protocols, f);
        }
    }

    private void joinExistingMember(ClassicGroup group, Join join, Map<String, byte[]> protocols,
            CompletableFuture<JoinGroupResponseData> f) {
        JoinGroupRequestData req = join.request();
        String memberId = req.memberId();
        if (group.pendingMembers().remove(memberId)) {
            addMemberAndRebalance(group, memberId, join, protocols, f);
            return;
        }
        Errors fenced = checkMember(group, memberId, req.groupInstanceId());
        if (fenced != Errors.NONE) {
            f.complete(joinError(memberId, fenced));
            return;
        }
        ClassicMember member = group.member(memberId).orElseThrow();
        boolean same = member.sameProtocols(protocols);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, join, protocols, f);
            case COMPLETING_REBALANCE -> {
                if (same) {
                    f.complete(currentGeneration(group, member, group.isLeader(memberId), false));
                } else {
                    updateMemberAndRebalance(group, member, join, protocols, f);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !same) {
                    updateMemberAndRebalance(group, member, join, protocols, f);
                } else {
                    touch(group, member);
                    f.complete(currentGeneration(group, member, false, false));
                }
            }
            default -> f.complete(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    /**
     * Checks that {@code memberId} is a member and, for a static member, that it is the current
     * incarnation of its instance id.
     */
    static Errors checkMember(ClassicGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            String current = group.staticMemberId(instanceId).orElse(null);
            if (current != null && !current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return group.has(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, Join join, Map<String, byte[]> protocols,
            CompletableFuture<JoinGroupResponseData> f) {
        JoinGroupRequestData req = join.request();
        ClassicMember member = new ClassicMember(memberId, req.groupInstanceId(), join.clientId(), join.clientHost(),
                req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), req.protocolType(), protocols);
        member.isNew(true);
        member.awaitJoin(f);
        group.add(member);
        if (group.is(GroupState.PREPARING_REBALANCE) && group.initialDelayRunning()) {
            group.newMemberJoinedDuringDelay(true);
        }
        touch(group, member);
        maybePrepareRebalance(group, "member " + memberId + " joined");
        maybeCompleteJoin(group);
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, Join join,
            Map<String, byte[]> protocols, CompletableFuture<JoinGroupResponseData> f) {
        JoinGroupRequestData req = join.request();
        member.update(join.clientId(), join.clientHost(), req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), protocols);
        if (member.isAwaitingJoin()) {
            member.completeJoin(joinError(member.memberId(), Errors.REBALANCE_IN_PROGRESS));
        }
        member.awaitJoin(f);
        touch(group, member);
        maybePrepareRebalance(group, "member " + member.memberId() + " rejoined");
        maybeCompleteJoin(group);
    }

    /**
     * A static member restarted (joined with no member id but a known instance id): it takes over
     * the old member's slot under a new member id, and the old incarnation is fenced. In a Stable
     * group that keeps its protocol it gets its old assignment back without a rebalance; a group
     * completing a rebalance rebalances again (the leader may be assigning to the old id).
     */
    private void replaceStaticMember(ClassicGroup group, String oldId, String newId, Join join,
            Map<String, byte[]> protocols, CompletableFuture<JoinGroupResponseData> f) {
        ClassicMember member = group.member(oldId).orElseThrow();
        member.completeJoin(joinError(oldId, Errors.FENCED_INSTANCE_ID));
        member.completeSync(new SyncGroupResponseData().setErrorCode(Errors.FENCED_INSTANCE_ID.code()));
        group.replaceStaticMemberId(oldId, newId);
        JoinGroupRequestData req = join.request();
        member.update(join.clientId(), join.clientHost(), req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), protocols);
        touch(group, member);
        LOG.info("Static member {} of group {} rejoined as {}", member.groupInstanceId(), group.groupId(), newId);
        if (group.is(GroupState.STABLE) && group.selectProtocol().equals(group.protocolName())) {
            boolean leader = group.isLeader(newId);
            JoinGroupResponseData answer = currentGeneration(group, member, leader, leader && join.version() >= 9);
            // answered once the new member id is committed, as Kafka does (it also reverts on failure)
            WriteResults.start(() -> write(group)).whenComplete((v, e) -> f.complete(
                    e == null ? answer : joinError(newId, WriteResults.errorOf(e))));
            return;
        }
        member.awaitJoin(f);
        maybePrepareRebalance(group, "static member " + member.groupInstanceId() + " rejoined");
        maybeCompleteJoin(group);
    }

    private JoinGroupResponseData currentGeneration(ClassicGroup group, ClassicMember member, boolean withMembers,
            boolean skipAssignment) {
        JoinGroupResponseData r = new JoinGroupResponseData()
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setSkipAssignment(skipAssignment);
        if (withMembers) {
            r.setMembers(memberList(group));
        }
        return r;
    }

    private static List<JoinGroupResponseMember> memberList(ClassicGroup group) {
        List<JoinGroupResponseMember> out = new ArrayList<>();
        for (ClassicMember m : group.members()) {
            out.add(new JoinGroupResponseMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setMetadata(m.metadata(group.protocolName())));
        }
        return out;
    }

    static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId(memberId == null ? "" : memberId);
    }

    private void expirePending(ClassicGroup group, String memberId) {
        if (group.pendingMembers().remove(memberId)) {
            LOG.debug("Pending member {} of group {} never joined", memberId, group.groupId());
            maybeCompleteJoin(group);
        }
    }

    // ---------------------------------------------------------------- rebalance

    void maybePrepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.STABLE) || group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.EMPTY)) {
            prepareRebalance(group, reason);
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            for (ClassicMember m : group.members()) {
                m.assignment(null);
                m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
            }
        }
        boolean initial = group.is(GroupState.EMPTY) && config.initialRebalanceDelayMs() > 0;
        group.transitionTo(GroupState.PREPARING_REBALANCE, time.milliseconds());
        LOG.info("Preparing to rebalance group {} in generation {}: {}", group.groupId(), group.generationId(), reason);
        int rebalanceTimeout = group.maxRebalanceTimeoutMs();
        int token = group.nextTimerToken();
        if (initial) {
            int delay = Math.min(config.initialRebalanceDelayMs(), rebalanceTimeout);
            group.initialDelayRunning(true);
            group.newMemberJoinedDuringDelay(false);
            group.rebalanceDeadlineMs(time.milliseconds() + rebalanceTimeout);
            group.rebalanceTimer(scheduler.schedule(delay, () -> onInitialDelay(group, token)));
        } else {
            group.initialDelayRunning(false);
            group.rebalanceDeadlineMs(time.milliseconds() + rebalanceTimeout);
            group.rebalanceTimer(scheduler.schedule(rebalanceTimeout, () -> onJoinDeadline(group, token)));
        }
    }

    private void onInitialDelay(ClassicGroup group, int token) {
        if (!group.isCurrentTimer(token) || !group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        long remaining = group.rebalanceDeadlineMs() - time.milliseconds();
        if (group.newMemberJoinedDuringDelay() && remaining > 0) {
            group.newMemberJoinedDuringDelay(false);
            long delay = Math.min(config.initialRebalanceDelayMs(), remaining);
            group.rebalanceTimer(scheduler.schedule(delay, () -> onInitialDelay(group, token)));
            return;
        }
        group.initialDelayRunning(false);
        completeJoin(group);
    }

    private void onJoinDeadline(ClassicGroup group, int token) {
        if (group.isCurrentTimer(token) && group.is(GroupState.PREPARING_REBALANCE)) {
            completeJoin(group);
        }
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelayRunning() && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    /** The join barrier: members that did not rejoin are removed; a new generation begins. */
    private void completeJoin(ClassicGroup group) {
        group.nextTimerToken();
        group.rebalanceTimer(null);
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingJoin()) {
                LOG.info("Removing member {} of group {}: it did not rejoin in time", m.memberId(), group.groupId());
                group.remove(m.memberId());
            }
        }
        long now = time.milliseconds();
        group.generationId(group.generationId() + 1);
        if (group.isEmpty()) {
            group.protocolName(null);
            group.transitionTo(GroupState.EMPTY, now);
            persist(group);
            LOG.info("Group {} is empty in generation {}", group.groupId(), group.generationId());
            return;
        }
        group.protocolName(group.selectProtocol());
        group.transitionTo(GroupState.COMPLETING_REBALANCE, now);
        LOG.info("Group {} begins generation {} with {} members, protocol {}", group.groupId(), group.generationId(),
                group.size(), group.protocolName());
        for (ClassicMember m : group.members()) {
            m.isNew(false);
            boolean leader = group.isLeader(m.memberId());
            m.completeJoin(currentGeneration(group, m, leader, false));
            touch(group, m);
        }
        int generation = group.generationId();
        int token = group.nextTimerToken();
        group.rebalanceTimer(scheduler.schedule(group.maxRebalanceTimeoutMs(),
                () -> onSyncDeadline(group, generation, token)));
    }

    /** Members that have not sent SyncGroup within the rebalance timeout are removed. */
    private void onSyncDeadline(ClassicGroup group, int generation, int token) {
        if (!group.isCurrentTimer(token) || !group.is(GroupState.COMPLETING_REBALANCE)
                || group.generationId() != generation) {
            return;
        }
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingSync()) {
                LOG.info("Removing member {} of group {}: it did not sync in time", m.memberId(), group.groupId());
                group.remove(m.memberId());
            }
        }
        prepareRebalance(group, "members did not sync in time");
        maybeCompleteJoin(group);
    }

    // ---------------------------------------------------------------- sessions

    /** Extends the member's session; arms its expiry check if none is pending. */
    void touch(ClassicGroup group, ClassicMember member) {
        member.heartbeatDeadlineMs(time.milliseconds() + member.sessionTimeoutMs());
        if (!member.sessionCheckArmed()) {
            member.sessionCheckArmed(true);
            scheduler.schedule(member.sessionTimeoutMs(), () -> checkSession(group, member));
        }
    }

    private void checkSession(ClassicGroup group, ClassicMember member) {
        member.sessionCheckArmed(false);
        if (group.member(member.memberId()).orElse(null) != member
                || state.group(group.groupId()).orElse(null) != group) {
            return;
        }
        long now = time.milliseconds();
        boolean keepAlive = member.isAwaitingJoin() || member.isAwaitingSync();
        if (now < member.heartbeatDeadlineMs() || keepAlive) {
            long delay = keepAlive ? member.sessionTimeoutMs() : member.heartbeatDeadlineMs() - now;
            member.sessionCheckArmed(true);
            scheduler.schedule(delay, () -> checkSession(group, member));
            return;
        }
        LOG.info("Member {} of group {} timed out (session {} ms)", member.memberId(), group.groupId(),
                member.sessionTimeoutMs());
        removeMember(group, member, "session timeout");
    }

    /** Removes a member (left, fenced or expired) and rebalances what remains. */
    void removeMember(ClassicGroup group, ClassicMember member, String reason) {
        member.completeJoin(joinError(member.memberId(), Errors.UNKNOWN_MEMBER_ID));
        member.completeSync(new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        group.remove(member.memberId());
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> {
                prepareRebalance(group, "member " + member.memberId() + " removed: " + reason);
                maybeCompleteJoin(group);
            }
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            default -> { }
        }
    }

    /** Forgets a handed-out member id that never joined (a leave before the second join). */
    boolean removePending(ClassicGroup group, String memberId) {
        if (group.pendingMembers().remove(memberId)) {
            maybeCompleteJoin(group);
            return true;
        }
        return false;
    }

    /** Stores the group; answers that depend on it wait for the returned future. */
    CompletableFuture<Void> write(ClassicGroup group) {
        return writer.writeGroup(group);
    }

    /** Stores the group; no answer waits for it (a failure is logged). */
    void persist(ClassicGroup group) {
        WriteResults.start(() -> writer.writeGroup(group)).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("Could not store group {}: {}", group.groupId(), e.toString());
            }
        });
    }

    static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
