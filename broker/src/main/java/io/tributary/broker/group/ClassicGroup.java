package io.tributary.broker.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A classic-protocol group: its state, generation, chosen protocol, leader and members, including
 * the mapping of static instance ids to their current member ids and the dynamic members that were
 * handed a member id (MEMBER_ID_REQUIRED) but have not joined with it yet.
 *
 * <p>Invariants: the leader, when set, is a member; every static member is in
 * {@code staticMembers}; the protocol type is set while the group has members or after its first
 * join; state changes only through {@link #transitionTo}, which checks them.
 *
 * <p>Not thread-safe: owned by the shard thread of its offsets partition.
 */
public final class ClassicGroup {

    private final String groupId;
    private GroupState state;
    private long stateTimestampMs;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingMembers = new HashSet<>();
    private Scheduler.Cancellable rebalanceTimer;
    private long rebalanceDeadlineMs;
    private boolean newMemberJoinedDuringDelay;
    private boolean initialDelayRunning;
    private int timerToken;

    public ClassicGroup(String groupId, GroupState initial, long nowMs) {
        this.groupId = groupId;
        this.state = initial;
        this.stateTimestampMs = nowMs;
    }

    public String groupId() {
        return groupId;
    }

    public GroupState state() {
        return state;
    }

    public boolean is(GroupState s) {
        return state == s;
    }

    /** When the group entered its current state. */
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    /**
     * Moves to {@code next}.
     *
     * @throws IllegalStateException when Kafka's life cycle does not allow the transition
     */
    public void transitionTo(GroupState next, long nowMs) {
        if (!next.canTransitionFrom(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state + " to " + next);
        }
        state = next;
        stateTimestampMs = nowMs;
    }

    public int generationId() {
        return generationId;
    }

    void generationId(int g) {
        this.generationId = g;
    }

    /** The protocol type (consumer, connect, ...), or null before the first member joined. */
    public String protocolType() {
        return protocolType;
    }

    void protocolType(String t) {
        this.protocolType = t;
    }

    /** The protocol chosen for the current generation, or null. */
    public String protocolName() {
        return protocolName;
    }

    void protocolName(String p) {
        this.protocolName = p;
    }

    public String leaderId() {
        return leaderId;
    }

    void leaderId(String id) {
        this.leaderId = id;
    }

    public boolean isLeader(String memberId) {
        return memberId != null && memberId.equals(leaderId);
    }

    public Collection<ClassicMember> members() {
        return members.values();
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public Optional<ClassicMember> member(String memberId) {
        return Optional.ofNullable(memberId == null ? null : members.get(memberId));
    }

    public boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    void add(ClassicMember m) {
        if (members.isEmpty()) {
            protocolType = m.protocolType();
        }
        members.put(m.memberId(), m);
        if (m.isStatic()) {
            staticMembers.put(m.groupInstanceId(), m.memberId());
        }
        if (leaderId == null) {
            leaderId = m.memberId();
        }
    }

    void remove(String memberId) {
        ClassicMember m = members.remove(memberId);
        if (m != null && m.isStatic()) {
            staticMembers.remove(m.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** The current member id of static instance {@code instanceId}, if it is a member. */
    public Optional<String> staticMemberId(String instanceId) {
        return Optional.ofNullable(instanceId == null ? null : staticMembers.get(instanceId));
    }

    /** Gives a static member a new member id (a restart), keeping its assignment and leadership. */
    void replaceStaticMemberId(String oldId, String newId) {
        ClassicMember m = members.remove(oldId);
        m.memberId(newId);
        members.put(newId, m);
        staticMembers.put(m.groupInstanceId(), newId);
        if (oldId.equals(leaderId)) {
            leaderId = newId;
        }
    }

    Set<String> pendingMembers() {
        return pendingMembers;
    }

    /** Every member has sent its join for this rebalance and no handed-out member id is outstanding. */
    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(ClassicMember::isAwaitingJoin);
    }

    /** Largest rebalance timeout among the members: how long the join barrier waits. */
    int maxRebalanceTimeoutMs() {
        return members.values().stream().mapToInt(ClassicMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /** Whether every member supports at least one of {@code protocols} and the type matches. */
    boolean supports(String type, Collection<String> protocols) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        return protocols.stream().anyMatch(p -> members.values().stream().allMatch(m -> m.protocols().containsKey(p)));
    }

    /**
     * Chooses the protocol of the next generation: among the protocols every member supports, each
     * member votes for the one it lists first; the most votes wins (ties: the earliest candidate).
     */
    String selectProtocol() {
        ClassicMember first = members.values().iterator().next();
        Map<String, Integer> votes = new TreeMap<>();
        for (String p : first.protocols().keySet()) {
            if (members.values().stream().allMatch(m -> m.protocols().containsKey(p))) {
                votes.put(p, 0);
            }
        }
        if (votes.isEmpty()) {
            throw new IllegalStateException("No protocol is supported by every member of " + groupId);
        }
        for (ClassicMember m : members.values()) {
            for (String p : m.protocols().keySet()) {
                if (votes.containsKey(p)) {
                    votes.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        for (String p : first.protocols().keySet()) {
            if (votes.containsKey(p) && (best == null || votes.get(p) > votes.get(best))) {
                best = p;
            }
        }
        return best;
    }

    Scheduler.Cancellable rebalanceTimer() {
        return rebalanceTimer;
    }

    void rebalanceTimer(Scheduler.Cancellable t) {
        if (rebalanceTimer != null && t != rebalanceTimer) {
            rebalanceTimer.cancel();
        }
        this.rebalanceTimer = t;
    }

    long rebalanceDeadlineMs() {
        return rebalanceDeadlineMs;
    }

    void rebalanceDeadlineMs(long d) {
        this.rebalanceDeadlineMs = d;
    }

    boolean initialDelayRunning() {
        return initialDelayRunning;
    }

    void initialDelayRunning(boolean b) {
        this.initialDelayRunning = b;
    }

    /** A fresh token for a rebalance timer; a timer whose token is no longer current does nothing. */
    int nextTimerToken() {
        return ++timerToken;
    }

    boolean isCurrentTimer(int token) {
        return token == timerToken;
    }

    boolean newMemberJoinedDuringDelay() {
        return newMemberJoinedDuringDelay;
    }

    void newMemberJoinedDuringDelay(boolean b) {
        this.newMemberJoinedDuringDelay = b;
    }
}
