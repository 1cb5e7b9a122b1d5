package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords;
import io.tributary.broker.replica.Partition;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds groups and offsets by replaying a partition of {@code __consumer_offsets} from its
 * start to its log end offset (as Kafka does: a new leader's high watermark may still lag behind
 * records it has, and they become committed under it): the last record of each key wins,
 * tombstones delete. Classic groups with members come back Stable in their stored generation, and
 * their members must heartbeat within their session timeout or be expired; groups without members
 * come back Empty. Consumer-protocol groups come back with their epochs, members, target and
 * current assignments ({@link ConsumerGroupReplay}); their members' sessions start at the load.
 *
 * <p>A replay reads {@code chunkBytes} per step and checks before each read that the partition is
 * still led here at the epoch it loads for. Stateless; each {@link Replay} is confined to the
 * shard's thread.
 */
public final class OffsetsTopicLoader implements GroupLoader {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicLoader.class);
    private static final int CHUNK_BYTES = 1 << 20;

    private final Function<TopicPartition, Partition> partitions;
    private final Time time;
    private final int chunkBytes;

    public OffsetsTopicLoader(Function<TopicPartition, Partition> partitions, Time time) {
        this(partitions, time, CHUNK_BYTES);
    }

    OffsetsTopicLoader(Function<TopicPartition, Partition> partitions, Time time, int chunkBytes) {
        this.partitions = partitions;
        this.time = time;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public Replay replay(int partition, int leaderEpoch, CoordinatorContext target) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partition);
        Partition p = ledAt(tp, leaderEpoch);
        return new LogReplay(tp, p, leaderEpoch, target, p.logStartOffset(), p.logEndOffset());
    }

    private Partition ledAt(TopicPartition tp, int leaderEpoch) {
        Partition p = partitions.apply(tp);
        if (p == null || !p.isLeader() || p.leaderEpoch() != leaderEpoch) {
            throw new NotCoordinatorException("This broker no longer leads " + tp + " at epoch " + leaderEpoch
                    + " (" + p + ")");
        }
        return p;
    }

    /** One replay: the records seen so far; groups are restored once the end is reached. */
    private final class LogReplay implements Replay {
        private final TopicPartition tp;
        private final Partition partition;
        private final int leaderEpoch;
        private final CoordinatorContext target;
        private final long endOffset;
        private final Map<String, GroupRecordCodec.GroupValue> groups = new HashMap<>();
        private final ConsumerGroupReplay consumerGroups = new ConsumerGroupReplay();
        private long next;
        private int count;

        LogReplay(TopicPartition tp, Partition partition, int leaderEpoch, CoordinatorContext target, long start,
                long end) {
            this.tp = tp;
            this.partition = partition;
            this.leaderEpoch = leaderEpoch;
            this.target = target;
            this.next = start;
            this.endOffset = end;
        }

        @Override
        public boolean step() {
            if (next < endOffset) {
                ledAt(tp, leaderEpoch);
                long after = CoordinatorRecords.replayChunk(next, endOffset, chunkBytes,
                        (offset, maxBytes) -> partition.readLocal(offset, maxBytes, endOffset).records(),
                        this::apply);
                next = after == next ? endOffset : after;
                if (next < endOffset) {
                    return false;
                }
            }
            finish();
            return true;
        }

        private void apply(long offset, ByteBuffer key, ByteBuffer value) {
            count++;
            ShardState state = target.state();
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
                LOG.warn("Skipping unreadable record at offset {} of {}: {}", offset, tp, e.toString());
            }
        }

        private void finish() {
            ShardState state = target.state();
            groups.forEach((id, g) -> {
                if (g != null) {
                    restore(id, g, state, target.classic());
                } else {
                    state.groups().remove(id);
                }
            });
            consumerGroups.restore(state, target.consumer());
            for (String groupId : state.groupsWithOffsets()) {
                if (state.consumerGroup(groupId).isEmpty()) {
                    state.getOrCreate(groupId, time.milliseconds());
                }
            }
            LOG.info("Loaded {} records, {} classic and {} consumer groups from {} at leader epoch {}", count,
                    groups.size(), consumerGroups.size(), tp, leaderEpoch);
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
