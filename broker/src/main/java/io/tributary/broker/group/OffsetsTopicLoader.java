package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds groups and offsets by replaying a partition of {@code __consumer_offsets} from its
 * start: the last record of each key wins, tombstones delete. Classic groups with members come
 * back Stable in their stored generation, and their members must heartbeat within their session
 * timeout or be expired; groups without members come back Empty. Consumer-protocol groups come back
 * with their epochs, members, target and current assignments ({@link ConsumerGroupReplay}); their
 * members' sessions start at the load. Stateless.
 */
public final class OffsetsTopicLoader implements GroupLoader {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicLoader.class);

    private final ReplicaManager replicas;
    private final Time time;

    public OffsetsTopicLoader(ReplicaManager replicas, Time time) {
        this.replicas = replicas;
        this.time = time;
    }

    @Override
    public void load(int partition, ShardState state, ClassicGroupManager classic, ConsumerGroupManager consumer) {
        Partition p = replicas.partition(new TopicPartition(OffsetsTopic.NAME, partition));
        if (p == null) {
            return;
        }
        Map<String, GroupRecordCodec.GroupValue> groups = new HashMap<>();
        ConsumerGroupReplay consumerGroups = new ConsumerGroupReplay();
        int[] count = {0};
        CoordinatorRecords.RegionReader reader = (offset, maxBytes) -> p.readForConsumer(offset, maxBytes, true, false)
                .records();
        CoordinatorRecords.replay(p.logStartOffset(), p.highWatermark(), reader, (offset, key, value) -> {
            count[0]++;
            try {
                GroupRecordCodec.Key k = GroupRecordCodec.readKey(key);
                if (k.type() == GroupRecordCodec.OFFSET_KEY) {
                    if (value == null) {
                        state.removeOffset(k.groupId(), k.partition());
                    } else {
                        state.putOffset(k.groupId(), k.partition(), GroupRecordCodec.readOffset(value));
                    }
                } else if (ConsumerGroupReplay.handles(k.type())) {
                    consumerGroups.apply(k, value);
                } else if (value == null) {
                    groups.put(k.groupId(), null);
                } else {
                    groups.put(k.groupId(), GroupRecordCodec.readGroup(value));
                }
            } catch (RuntimeException e) {
                LOG.warn("Skipping unreadable record at offset {} of {}-{}: {}", offset, OffsetsTopic.NAME, partition,
                        e.toString());
            }
        });
        groups.forEach((id, g) -> {
            if (g != null) {
                restore(id, g, state, classic);
            } else {
                state.groups().remove(id);
            }
        });
        consumerGroups.restore(state, consumer);
        for (String groupId : state.groupsWithOffsets()) {
            if (state.consumerGroup(groupId).isEmpty()) {
                state.getOrCreate(groupId, time.milliseconds());
            }
        }
        if (count[0] > 0) {
            LOG.info("Loaded {} records, {} classic and {} consumer groups from {}-{}", count[0], groups.size(),
                    consumerGroups.size(), OffsetsTopic.NAME, partition);
        }
    }

    private void restore(String groupId, GroupRecordCodec.GroupValue v, ShardState state, ClassicGroupManager classic) {
        GroupState s = v.members().isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        ClassicGroup group = new ClassicGroup(groupId, s,
                v.members().isEmpty() ? v.stateTimestampMs() : time.milliseconds());
        group.generationId(v.generation());
        group.protocolType(v.protocolType());
        group.protocolName(v.protocol());
        for (GroupRecordCodec.MemberValue m : v.members()) {
            ClassicMember member = new ClassicMember(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), v.protocolType(), m.protocols());
            member.assignment(m.assignment());
            group.add(member);
        }
        group.protocolType(v.protocolType());
        group.leaderId(v.leader());
        state.groups().put(groupId, group);
        for (ClassicMember m : group.members()) {
            classic.touch(group, m);
        }
    }
}
