package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * One shard's consumer-protocol groups driven by hand: a manual clock, topics the test creates and
 * deletes, and a writer that keeps every record in order, as the offsets topic would.
 */
final class ConsumerGroupTestContext {

    static final String GROUP = "g";

    final ManualScheduler clock;
    final MockTopicLookup topics;
    final GroupConfig config = GroupConfig.defaults();
    final ShardState state = new ShardState();
    final List<KeyValue> log;
    final ConsumerGroupManager manager;
    final GroupAdmin admin;

    ConsumerGroupTestContext(MockTopicLookup topics) {
        this(new ManualScheduler(), topics, new ArrayList<>());
    }

    private ConsumerGroupTestContext(ManualScheduler clock, MockTopicLookup topics, List<KeyValue> log) {
        this.clock = clock;
        this.topics = topics;
        this.log = log;
        GroupWriter writer = (groupId, records) -> {
            log.addAll(records);
            return CompletableFuture.completedFuture(null);
        };
        this.manager = new ConsumerGroupManager(state, config, clock, clock, topics, writer);
        ClassicGroupManager classic = new ClassicGroupManager(state, config, clock, clock, writer);
        this.admin = new GroupAdmin(state, classic, clock, writer);
    }

    /** A coordinator restarted on the same records and topics: it replays the log written so far. */
    ConsumerGroupTestContext restart() {
        ConsumerGroupTestContext next = new ConsumerGroupTestContext(clock, topics, new ArrayList<>(log));
        ConsumerGroupReplay replay = new ConsumerGroupReplay();
        for (KeyValue kv : log) {
            GroupRecordCodec.Key k = GroupRecordCodec.readKey(ByteBuffer.wrap(kv.key()));
            if (ConsumerGroupReplay.handles(k.type())) {
                replay.apply(k, kv.value() == null ? null : ByteBuffer.wrap(kv.value()));
            }
        }
        replay.restore(next.state, next.manager);
        return next;
    }

    ConsumerGroup group() {
        return state.consumerGroup(GROUP).orElseThrow();
    }

    ConsumerGroupMember member(String id) {
        return group().member(id).orElseThrow();
    }

    /** A first heartbeat subscribing by regex (and no names). */
    ConsumerGroupHeartbeatResponseData joinWithRegex(String memberId, String regex) {
        return heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setSubscribedTopicRegex(regex)
                .setTopicPartitions(new ArrayList<>()));
    }

    /** A first heartbeat subscribing by names. */
    ConsumerGroupHeartbeatResponseData join(String memberId, String... topicNames) {
        return heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(topicNames))
                .setTopicPartitions(new ArrayList<>()));
    }

    /** A heartbeat of a member that owns {@code owned} (null: not reported). */
    ConsumerGroupHeartbeatResponseData heartbeat(String memberId, int epoch, Map<Uuid, Set<Integer>> owned) {
        ConsumerGroupHeartbeatRequestData req = new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP)
                .setMemberId(memberId).setMemberEpoch(epoch);
        if (owned != null) {
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps = new ArrayList<>();
            owned.forEach((t, ps) -> tps.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(t)
                    .setPartitions(new ArrayList<>(new TreeSet<>(ps)))));
            req.setTopicPartitions(tps);
        }
        return heartbeat(req);
    }

    /** Heartbeats a member with what it owns now, as a client that acknowledges every change does. */
    ConsumerGroupHeartbeatResponseData heartbeat(String memberId) {
        ConsumerGroupMember m = member(memberId);
        return heartbeat(memberId, m.memberEpoch(), m.assigned());
    }

    ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData req) {
        return manager.heartbeat(new ConsumerGroupManager.Heartbeat(req, (short) 1, "client", "/127.0.0.1")).join();
    }

    /** The partitions {@code memberId} owns, as topic name-partition strings ("t-0"). */
    Set<String> owned(String memberId) {
        Set<String> out = new TreeSet<>();
        member(memberId).assigned().forEach((t, ps) -> ps.forEach(
                p -> out.add(topics.byId(t).map(TopicLookup.Topic::name).orElse(t.toString()) + "-" + p)));
        return out;
    }
}
