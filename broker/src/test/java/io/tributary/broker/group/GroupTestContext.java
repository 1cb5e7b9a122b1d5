package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/** One coordinator shard driven by hand: a manual clock and scheduler, no threads, no sockets. */
final class GroupTestContext {

    static final String GROUP = "g";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;

    final ManualScheduler clock = new ManualScheduler();
    final ShardState state = new ShardState();
    final List<String> writes = new ArrayList<>();
    final GroupConfig config;
    final ClassicGroupManager classic;
    final ClassicMembership membership;
    final ClassicSync syncs;
    final OffsetManager offsets;
    final GroupAdmin admin;

    GroupTestContext() {
        this(GroupConfig.defaults().withInitialRebalanceDelayMs(0));
    }

    GroupTestContext(GroupConfig config) {
        this.config = config;
        GroupWriter writer = new GroupWriter() {
            @Override
            public CompletableFuture<Void> append(String groupId,
                    java.util.List<io.tributary.broker.codec.CoordinatorRecords.KeyValue> records) {
                writes.add("records " + groupId + " " + records.size());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> writeGroup(ClassicGroup group) {
                writes.add("group " + group.groupId() + " gen " + group.generationId());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> writeOffsets(String groupId,
                    java.util.Map<org.apache.kafka.common.TopicPartition, CommittedOffset> o) {
                writes.add("offsets " + groupId + " " + o.size());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> deleteOffsets(String groupId,
                    java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                writes.add("delete offsets " + groupId + " " + p.size());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> deleteGroup(String groupId) {
                writes.add("delete group " + groupId);
                return CompletableFuture.completedFuture(null);
            }
        };
        classic = new ClassicGroupManager(state, config, clock, clock, writer);
        membership = new ClassicMembership(state, classic);
        syncs = new ClassicSync(state, classic, clock, clock);
        offsets = new OffsetManager(state, config, clock, writer, OffsetManager.MemberEpochCheck.NONE);
        admin = new GroupAdmin(state, classic, clock, writer);
    }

    ClassicGroup group() {
        return state.group(GROUP).orElseThrow();
    }

    static JoinGroupRequestData joinRequest(String memberId, String instanceId, String... protocols) {
        JoinGroupRequestProtocolCollection ps = new JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            ps.add(new JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes()));
        }
        return new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer").setProtocols(ps);
    }

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req) {
        return now(classic.join(new ClassicGroupManager.Join(req, (short) 9, "client", "/127.0.0.1")));
    }

    /** A future whose join() fails the test instead of blocking when it has not completed. */
    static final class Now<T> extends CompletableFuture<T> {
        @Override
        public T join() {
            if (!isDone()) {
                throw new AssertionError("the response has not been sent yet");
            }
            return super.join();
        }
    }

    static <T> CompletableFuture<T> now(CompletableFuture<T> f) {
        Now<T> n = new Now<>();
        f.whenComplete((v, e) -> {
            if (e != null) {
                n.completeExceptionally(e);
            } else {
                n.complete(v);
            }
        });
        return n;
    }

    /** The v4+ handshake: a first join gets a member id, the second join enters the group. */
    CompletableFuture<JoinGroupResponseData> joinDynamic(String... protocols) {
        JoinGroupResponseData first =
                join(joinRequest("", null, protocols.length == 0 ? new String[] {"range"} : protocols)).join();
        if (first.errorCode() != Errors.MEMBER_ID_REQUIRED.code()) {
            throw new AssertionError("expected MEMBER_ID_REQUIRED, got " + Errors.forCode(first.errorCode()));
        }
        return join(joinRequest(first.memberId(), null, protocols.length == 0 ? new String[] {"range"} : protocols));
    }

    CompletableFuture<SyncGroupResponseData> sync(String memberId, int generation, String... assignmentsByMember) {
        SyncGroupRequestData req = new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation);
        for (int i = 0; i + 1 < assignmentsByMember.length; i += 2) {
            req.assignments().add(new SyncGroupRequestAssignment().setMemberId(assignmentsByMember[i])
                    .setAssignment(assignmentsByMember[i + 1].getBytes()));
        }
        return now(syncs.sync(req, (short) 5));
    }

    Errors heartbeat(String memberId, int generation) {
        return membership.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation));
    }
}
