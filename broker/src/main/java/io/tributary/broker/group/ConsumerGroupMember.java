package io.tributary.broker.group;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * A member of a consumer-protocol (KIP-848) group: its subscription, its member epoch, the
 * partitions it owns, and the ones it must still revoke.
 *
 * <p>Reconciliation states: {@code STABLE} (owns its whole target, at the assignment epoch),
 * {@code UNREVOKED_PARTITIONS} (must first give up {@link #pendingRevocation()}; its epoch does not
 * advance until it acknowledges), {@code UNRELEASED_PARTITIONS} (at the new epoch, waiting for
 * partitions other members still own).
 *
 * <p>Not thread-safe: owned by the group's shard thread.
 */
public final class ConsumerGroupMember {

    public enum State { STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS }

    private final String memberId;
    private final String instanceId;
    private String rackId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private List<String> subscribedTopics = List.of();
    private String subscribedRegex;
    private String serverAssignor;
    private int memberEpoch;
    private int previousMemberEpoch = -1;
    private State state = State.STABLE;
    private Map<Uuid, Set<Integer>> assigned = new HashMap<>();
    private Map<Uuid, Set<Integer>> pendingRevocation = new HashMap<>();
    private long heartbeatDeadlineMs;
    private long revocationDeadlineMs;
    private boolean sessionCheckArmed;
    private boolean leftTemporarily;

    public ConsumerGroupMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    public String memberId() {
        return memberId;
    }

    public String instanceId() {
        return instanceId;
    }

    public String rackId() {
        return rackId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    void client(String clientId, String clientHost, String rackId) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rackId = rackId;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    void rebalanceTimeoutMs(int ms) {
        this.rebalanceTimeoutMs = ms;
    }

    public List<String> subscribedTopics() {
        return subscribedTopics;
    }

    void subscribedTopics(List<String> topics) {
        this.subscribedTopics = List.copyOf(new TreeSet<>(topics));
    }

    /** The member's RE2/J subscription (KIP-848), or null; its topics add to {@link #subscribedTopics()}. */
    public String subscribedRegex() {
        return subscribedRegex;
    }

    void subscribedRegex(String regex) {
        this.subscribedRegex = regex == null || regex.isEmpty() ? null : regex;
    }

    public String serverAssignor() {
        return serverAssignor;
    }

    void serverAssignor(String name) {
        this.serverAssignor = name;
    }

    public int memberEpoch() {
        return memberEpoch;
    }

    int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    /** Sets both epochs as stored (when the coordinator reloads its state). */
    void epochs(int memberEpoch, int previousMemberEpoch) {
        this.memberEpoch = memberEpoch;
        this.previousMemberEpoch = previousMemberEpoch;
    }

    void advanceEpoch(int epoch) {
        this.previousMemberEpoch = memberEpoch;
        this.memberEpoch = epoch;
    }

    public State state() {
        return state;
    }

    void state(State s) {
        this.state = s;
    }

    /** Partitions the member owns now (topic id to partitions). */
    public Map<Uuid, Set<Integer>> assigned() {
        return assigned;
    }

    void assigned(Map<Uuid, Set<Integer>> a) {
        this.assigned = a;
    }

    public Map<Uuid, Set<Integer>> pendingRevocation() {
        return pendingRevocation;
    }

    void pendingRevocation(Map<Uuid, Set<Integer>> p) {
        this.pendingRevocation = p;
    }

    long heartbeatDeadlineMs() {
        return heartbeatDeadlineMs;
    }

    void heartbeatDeadlineMs(long d) {
        this.heartbeatDeadlineMs = d;
    }

    long revocationDeadlineMs() {
        return revocationDeadlineMs;
    }

    void revocationDeadlineMs(long d) {
        this.revocationDeadlineMs = d;
    }

    boolean sessionCheckArmed() {
        return sessionCheckArmed;
    }

    void sessionCheckArmed(boolean b) {
        this.sessionCheckArmed = b;
    }

    /** A static member that left with epoch -2: its assignment waits for the instance to come back. */
    boolean leftTemporarily() {
        return leftTemporarily;
    }

    void leftTemporarily(boolean b) {
        this.leftTemporarily = b;
    }
}
