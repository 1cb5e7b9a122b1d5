package io.tributary.broker.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group: who it is, the protocols it supports (name to metadata, in the
 * member's order of preference), its assignment, its session deadline, and the join or sync
 * response it is waiting for.
 *
 * <p>Not thread-safe: owned by the group's shard thread.
 */
public final class ClassicMember {

    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int sessionTimeoutMs;
    private int rebalanceTimeoutMs;
    private String protocolType;
    private Map<String, byte[]> protocols;
    private byte[] assignment = new byte[0];
    private long heartbeatDeadlineMs;
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private boolean isNew;
    private boolean sessionCheckArmed;

    public ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, Map<String, byte[]> protocols) {
        this.memberId = Objects.requireNonNull(memberId);
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    public String memberId() {
        return memberId;
    }

    void memberId(String id) {
        this.memberId = id;
    }

    public String groupInstanceId() {
        return groupInstanceId;
    }

    public boolean isStatic() {
        return groupInstanceId != null;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public String protocolType() {
        return protocolType;
    }

    public Map<String, byte[]> protocols() {
        return protocols;
    }

    /** The metadata this member gave for {@code protocol}, or null. */
    public byte[] metadata(String protocol) {
        return protocols.get(protocol);
    }

    public byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] a) {
        this.assignment = a == null ? new byte[0] : a;
    }

    void update(String clientId, String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs,
            Map<String, byte[]> protocols) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    /** Whether {@code other} lists the same protocols with the same metadata in the same order. */
    boolean sameProtocols(Map<String, byte[]> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        var a = protocols.entrySet().iterator();
        var b = other.entrySet().iterator();
        while (a.hasNext()) {
            var x = a.next();
            var y = b.next();
            if (!x.getKey().equals(y.getKey()) || !java.util.Arrays.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    public long heartbeatDeadlineMs() {
        return heartbeatDeadlineMs;
    }

    void heartbeatDeadlineMs(long deadline) {
        this.heartbeatDeadlineMs = deadline;
    }

    public boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    public boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /** Sets the pending join response, completing a previous one (a duplicate join) first. */
    void awaitJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    /** Completes the pending join response, if any, and clears it. */
    void completeJoin(JoinGroupResponseData response) {
        CompletableFuture<JoinGroupResponseData> f = awaitingJoin;
        awaitingJoin = null;
        if (f != null) {
            f.complete(response);
        }
    }

    void awaitSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    void completeSync(SyncGroupResponseData response) {
        CompletableFuture<SyncGroupResponseData> f = awaitingSync;
        awaitingSync = null;
        if (f != null) {
            f.complete(response);
        }
    }

    boolean sessionCheckArmed() {
        return sessionCheckArmed;
    }

    void sessionCheckArmed(boolean armed) {
        this.sessionCheckArmed = armed;
    }

    /** Joined during the current rebalance for the first time (kept alive until the barrier). */
    boolean isNew() {
        return isNew;
    }

    void isNew(boolean value) {
        this.isNew = value;
    }
}
