package io.tributary.metadata.quorum;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.metadata.quorum.MetadataStateMachine.MetadataEntry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.utils.Time;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata quorum replicated by Apache Ratis among the voters of
 * {@code controller.quorum.voters}: each voter runs a Raft server (gRPC on its controller
 * listener's address) whose state machine is {@link MetadataStateMachine}. The leader, once it has
 * applied every committed entry, is the active controller. Appends go through a Raft client and
 * commit when a majority has them; controller calls from other nodes arrive as read-only
 * requests, which Ratis routes to the leader.
 *
 * <p>Thread-safety: safe for use from any thread; {@link #append} is called by the controller
 * thread only.
 */
public final class RatisQuorum implements MetadataQuorum {

    private static final Logger LOG = LoggerFactory.getLogger(RatisQuorum.class);
    private static final long SNAPSHOT_THRESHOLD = 10_000;

    private final int nodeId;
    private final QuorumSettings settings;
    private final Time time;
    private final RaftGroup group;
    private final MetadataStateMachine stateMachine;
    private final RaftServer server;
    private final ClientId appender = ClientId.randomId(); // the local controller's appends
    private final AtomicLong appendCalls = new AtomicLong();
    private final RaftClient calls; // controller calls to the leader, unordered
    private final ForwardingListener listener = new ForwardingListener();

    private RatisQuorum(int nodeId, QuorumSettings settings, Time time,
            Function<ByteBuffer, CompletableFuture<ByteBuffer>> queries) throws IOException {
        this.nodeId = nodeId;
        this.settings = settings;
        this.time = time;
        List<RaftPeer> peers = new ArrayList<>();
        for (Map.Entry<Integer, InetSocketAddress> v : settings.voters().entrySet()) {
            peers.add(RaftPeer.newBuilder().setId(peerId(v.getKey()))
                    .setAddress(v.getValue().getHostString() + ":" + v.getValue().getPort()).build());
        }
        this.group = RaftGroup.valueOf(settings.groupId(), peers);
        this.stateMachine = new MetadataStateMachine(listener, queries);
        RaftProperties props = properties(settings);
        this.server = RaftServer.newBuilder().setServerId(peerId(nodeId)).setGroup(group).setProperties(props)
                .setStateMachine(stateMachine).setOption(RaftStorage.StartupOption.RECOVER).build();
        this.calls = client(group, props);
    }

    /**
     * A Raft client of the group, for controller calls. Appends do not use one: only the active
     * controller appends, and it submits to its own server, so a client's stale guess of the leader
     * after a failover never delays the first commits of a new controller.
     */
    private static RaftClient client(RaftGroup group, RaftProperties props) {
        ClientId id = ClientId.randomId();
        return RaftClient.newBuilder().setClientId(id).setRaftGroup(group).setProperties(props)
                .setClientRpc(new GrpcFactory(new Parameters()).newRaftClientRpc(id, props))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(50,
                        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
    }

    /**
     * Starts this node's voter: recovers its log and snapshot, then joins the quorum.
     *
     * @param queries answers controller calls that other nodes send to this one
     */
    public static RatisQuorum start(int nodeId, QuorumSettings settings, Time time, MetadataPublisher listener,
            Function<ByteBuffer, CompletableFuture<ByteBuffer>> queries) throws IOException {
        RatisQuorum quorum = new RatisQuorum(nodeId, settings, time, queries);
        quorum.listener.target = listener;
        quorum.server.start();
        LOG.info("Metadata quorum voter {} started: voters {}, group {}", nodeId, settings.voters(),
                settings.groupId());
        return quorum;
    }

    private static RaftProperties properties(QuorumSettings settings) {
        RaftProperties props = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(props, List.of(settings.storageDir().toFile()));
        InetSocketAddress self = settings.voters().get(settings.nodeId());
        GrpcConfigKeys.Server.setHost(props, self.getHostString());
        GrpcConfigKeys.Server.setPort(props, self.getPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(settings.electionTimeoutMs(),
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(settings.electionTimeoutMs() * 2,
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, SNAPSHOT_THRESHOLD);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        return props;
    }

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("node-" + nodeId);
    }

    /** The node id of a peer named by {@link #peerId}. */
    static int nodeId(RaftPeerId peer) {
        String s = peer.toString();
        return Integer.parseInt(s.substring(s.lastIndexOf('-') + 1));
    }

    private RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new IllegalStateException("the metadata quorum is not running", e);
        }
    }

    @Override
    public MetadataImage image() {
        return stateMachine.image();
    }

    @Override
    public boolean isActive() {
        try {
            RaftServer.Division d = division();
            DivisionInfo info = d.getInfo();
            return info.isLeader() && info.isLeaderReady()
                    && info.getLastAppliedIndex() >= d.getRaftLog().getLastCommittedIndex();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public OptionalInt leaderId() {
        try {
            RaftPeerId leader = division().getInfo().getLeaderId();
            return leader == null ? OptionalInt.empty() : OptionalInt.of(nodeId(leader));
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public CompletableFuture<MetadataImage> append(List<MetadataRecord> records) {
        long basedOn = stateMachine.image().offset();
        Message message = Message.valueOf(new MetadataEntry(basedOn, records).encode());
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(appender)
                .setServerId(server.getId()).setGroupId(group.getGroupId())
                .setCallId(appendCalls.incrementAndGet()).setMessage(message)
                .setType(RaftClientRequest.writeRequestType()).build();
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new NotControllerException("metadata not committed: " + e));
        }
        return sent.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new NotControllerException("metadata not committed: " + reply.getException());
            }
            if (!"applied".equals(reply.getMessage().getContent().toStringUtf8())) {
                throw new NotControllerException("metadata changed while the controller decided; try again");
            }
            return stateMachine.image();
        });
    }

    /** Sends a controller call to the active controller (whichever voter leads); answers its reply. */
    public CompletableFuture<ByteBuffer> sendToController(ByteBuffer request) {
        return calls.async().sendReadOnlyUnordered(Message.valueOf(ByteString.copyFrom(request)))
                .thenApply(RatisQuorum::content);
    }

    private static ByteBuffer content(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new NotControllerException("no active controller answered: " + reply.getException());
        }
        return reply.getMessage().getContent().asReadOnlyByteBuffer();
    }

    @Override
    public void setListener(MetadataPublisher listener) {
        this.listener.target = listener;
    }

    @Override
    public QuorumInfo describe() {
        RaftServer.Division d = division();
        DivisionInfo info = d.getInfo();
        long now = time.milliseconds();
        long hw = d.getRaftLog().getLastCommittedIndex() + 1;
        List<QuorumInfo.Replica> voters = new ArrayList<>();
        Map<Integer, long[]> followers = new java.util.HashMap<>();
        if (info.isLeader()) {
            List<ServerRpcProto> rpcs = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
            long[] match = info.getFollowerMatchIndices();
            for (int i = 0; i < rpcs.size() && i < match.length; i++) {
                RaftPeerId id = RaftPeerId.valueOf(rpcs.get(i).getId().getId());
                followers.put(nodeId(id), new long[] {match[i] + 1, now - rpcs.get(i).getLastRpcElapsedTimeMs()});
            }
        }
        for (Map.Entry<Integer, InetSocketAddress> v : settings.voters().entrySet()) {
            int id = v.getKey();
            long[] f = followers.get(id);
            boolean self = id == nodeId;
            long leo = self ? d.getRaftLog().getNextIndex() : f == null ? -1 : f[0];
            long fetched = self ? now : f == null ? -1 : f[1];
            voters.add(new QuorumInfo.Replica(id, leo, fetched, leo >= hw ? fetched : -1,
                    v.getValue().getHostString(), v.getValue().getPort()));
        }
        int leader = leaderId().orElse(-1);
        return new QuorumInfo(leader, (int) info.getCurrentTerm(), hw, voters, List.of());
    }

    @Override
    public void close() {
        try {
            calls.close();
        } catch (IOException e) {
            LOG.warn("Closing the quorum client failed", e);
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Closing the quorum server failed", e);
        }
    }

    /** Hands applied images to the listener set now, which may change before the server starts. */
    private static final class ForwardingListener implements MetadataPublisher {
        private volatile MetadataPublisher target = (previous, current) -> { };

        @Override
        public void publish(MetadataImage previous, MetadataImage current) {
            target.publish(previous, current);
        }
    }
}
