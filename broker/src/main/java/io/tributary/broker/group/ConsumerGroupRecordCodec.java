package io.tributary.broker.group;

import static io.tributary.broker.group.GroupRecordCodec.checkVersion;
import static io.tributary.broker.group.GroupRecordCodec.readString;
import static io.tributary.broker.group.GroupRecordCodec.string;
import static io.tributary.broker.group.GroupRecordCodec.write;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The values of the consumer-protocol (KIP-848) group records in {@code __consumer_offsets}, in
 * Tributary's own versioned binary format (keys: {@link GroupRecordCodec}). Each value starts with
 * an int16 version, 0 for all of them:
 *
 * <pre>
 * group metadata (2)     := int32 groupEpoch , int32 n , n × (string topic , uuid id , int32 partitions)
 * member metadata (3)    := nstring instanceId , nstring rackId , nstring clientId , nstring clientHost ,
 *                           int32 rebalanceTimeoutMs , int32 n , n × string topic , nstring regex ,
 *                           nstring serverAssignor
 * target metadata (4)    := int32 assignmentEpoch , nstring assignorName
 * member target (5)      := partitions
 * member assignment (6)  := int32 memberEpoch , int32 previousMemberEpoch , int8 state , int8 leftTemporarily ,
 *                           partitions assigned , partitions pendingRevocation
 * regex (7)              := int32 n , n × string topic , int64 metadataVersion , int64 resolvedAtMs
 * partitions             := int32 n , n × (uuid topicId , int32 m , m × int32 partition)
 * uuid                   := int64 mostSignificantBits , int64 leastSignificantBits
 * </pre>
 *
 * Collections are written sorted, so one state always encodes to the same bytes. Stateless.
 */
final class ConsumerGroupRecordCodec {

    private static final short VERSION = 0;

    record GroupMetadata(int groupEpoch, Map<String, TopicLookup.Topic> subscribedTopics) {}

    record MemberMetadata(String instanceId, String rackId, String clientId, String clientHost,
            int rebalanceTimeoutMs, List<String> subscribedTopics, String subscribedRegex, String serverAssignor) {}

    record TargetMetadata(int assignmentEpoch, String assignorName) {}

    record MemberAssignment(int memberEpoch, int previousMemberEpoch, ConsumerGroupMember.State state,
            boolean leftTemporarily, Map<Uuid, Set<Integer>> assigned, Map<Uuid, Set<Integer>> pendingRevocation) {}

    private ConsumerGroupRecordCodec() {}

    static byte[] groupMetadata(ConsumerGroup g) {
        return write(out -> {
            out.writeShort(VERSION);
            out.writeInt(g.groupEpoch());
            Map<String, TopicLookup.Topic> topics = new TreeMap<>(g.subscribedTopics());
            out.writeInt(topics.size());
            for (TopicLookup.Topic t : topics.values()) {
                string(out, t.name());
                uuid(out, t.id());
                out.writeInt(t.partitions());
            }
        });
    }

    static GroupMetadata readGroupMetadata(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        int epoch = b.getInt();
        int n = GroupRecordCodec.count(b);
        Map<String, TopicLookup.Topic> topics = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = readString(b);
            topics.put(name, new TopicLookup.Topic(readUuid(b), name, b.getInt()));
        }
        return new GroupMetadata(epoch, topics);
    }

    static byte[] memberMetadata(ConsumerGroupMember m) {
        return write(out -> {
            out.writeShort(VERSION);
            string(out, m.instanceId());
            string(out, m.rackId());
            string(out, m.clientId());
            string(out, m.clientHost());
            out.writeInt(m.rebalanceTimeoutMs());
            out.writeInt(m.subscribedTopics().size());
            for (String t : m.subscribedTopics()) {
                string(out, t);
            }
            string(out, m.subscribedRegex());
            string(out, m.serverAssignor());
        });
    }

    static MemberMetadata readMemberMetadata(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        String instance = readString(b);
        String rack = readString(b);
        String client = readString(b);
        String host = readString(b);
        int rebalance = b.getInt();
        int n = GroupRecordCodec.count(b);
        List<String> topics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            topics.add(readString(b));
        }
        return new MemberMetadata(instance, rack, client, host, rebalance, topics, readString(b), readString(b));
    }

    static byte[] targetMetadata(ConsumerGroup g) {
        return write(out -> {
            out.writeShort(VERSION);
            out.writeInt(g.assignmentEpoch());
            string(out, g.assignorName());
        });
    }

    static TargetMetadata readTargetMetadata(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        return new TargetMetadata(b.getInt(), readString(b));
    }

    static byte[] memberTarget(Map<Uuid, Set<Integer>> target) {
        return write(out -> {
            out.writeShort(VERSION);
            partitions(out, target);
        });
    }

    static Map<Uuid, Set<Integer>> readMemberTarget(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        return readPartitions(b);
    }

    static byte[] memberAssignment(ConsumerGroupMember m) {
        return write(out -> {
            out.writeShort(VERSION);
            out.writeInt(m.memberEpoch());
            out.writeInt(m.previousMemberEpoch());
            out.writeByte(m.state().ordinal());
            out.writeByte(m.leftTemporarily() ? 1 : 0);
            partitions(out, m.assigned());
            partitions(out, m.pendingRevocation());
        });
    }

    static MemberAssignment readMemberAssignment(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        int epoch = b.getInt();
        int previous = b.getInt();
        ConsumerGroupMember.State state = ConsumerGroupMember.State.values()[b.get()];
        boolean left = b.get() != 0;
        return new MemberAssignment(epoch, previous, state, left, readPartitions(b), readPartitions(b));
    }

    static byte[] regex(ConsumerGroup.ResolvedRegex r) {
        return write(out -> {
            out.writeShort(VERSION);
            Set<String> topics = new TreeSet<>(r.topics());
            out.writeInt(topics.size());
            for (String t : topics) {
                string(out, t);
            }
            out.writeLong(r.version());
            out.writeLong(r.timestampMs());
        });
    }

    static ConsumerGroup.ResolvedRegex readRegex(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        int n = GroupRecordCodec.count(b);
        Set<String> topics = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            topics.add(readString(b));
        }
        return new ConsumerGroup.ResolvedRegex(topics, b.getLong(), b.getLong());
    }

    private static void partitions(DataOutputStream out, Map<Uuid, Set<Integer>> parts) throws IOException {
        Map<Uuid, Set<Integer>> sorted = new TreeMap<>();
        parts.forEach((t, ps) -> {
            if (!ps.isEmpty()) {
                sorted.put(t, new TreeSet<>(ps));
            }
        });
        out.writeInt(sorted.size());
        for (Map.Entry<Uuid, Set<Integer>> e : sorted.entrySet()) {
            uuid(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (int p : e.getValue()) {
                out.writeInt(p);
            }
        }
    }

    private static Map<Uuid, Set<Integer>> readPartitions(ByteBuffer b) {
        int n = GroupRecordCodec.count(b);
        Map<Uuid, Set<Integer>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Uuid topic = readUuid(b);
            int m = b.getInt();
            Set<Integer> ps = new TreeSet<>();
            for (int j = 0; j < m; j++) {
                ps.add(b.getInt());
            }
            out.put(topic, ps);
        }
        return out;
    }

    private static void uuid(DataOutputStream out, Uuid id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static Uuid readUuid(ByteBuffer b) {
        return new Uuid(b.getLong(), b.getLong());
    }
}
