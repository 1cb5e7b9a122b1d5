package io.tributary.broker.group;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Tributary's own versioned binary format of the records in {@code __consumer_offsets}.
 *
 * <pre>
 * key   := int16 keyType , string groupId , [offset: string topic , int32 partition] , [string subKey]
 *          keyType: 0 = offset, 1 = classic group; consumer-protocol (KIP-848) groups, whose values
 *          {@link ConsumerGroupRecordCodec} describes: 2 = group metadata, 3 = member metadata
 *          (subKey: member id), 4 = target assignment metadata, 5 = a member's target assignment
 *          (subKey: member id), 6 = a member's current assignment (subKey: member id), 7 = a resolved
 *          regular expression (subKey: the regex)
 * offset value v0 := int16 0 , int64 offset , int32 leaderEpoch , string metadata , int64 commitTimestamp
 * group value  v0 := int16 0 , nstring protocolType , int32 generation , nstring protocol , nstring leader ,
 *                    int64 stateTimestamp , int32 n , n × member
 * member := string memberId , nstring instanceId , string clientId , string clientHost ,
 *           int32 rebalanceTimeout , int32 sessionTimeout , int32 p , p × (string name , bytes metadata) ,
 *           bytes assignment
 * string := int16 length + UTF-8 ; nstring := length -1 for null ; bytes := int32 length + bytes
 * </pre>
 *
 * A null value is a tombstone. Readers skip (and log) keys of types they do not know. Stateless.
 */
public final class GroupRecordCodec {

    static final short OFFSET_KEY = 0;
    static final short GROUP_KEY = 1;
    static final short CONSUMER_GROUP_KEY = 2;
    static final short CONSUMER_MEMBER_KEY = 3;
    static final short CONSUMER_TARGET_KEY = 4;
    static final short CONSUMER_MEMBER_TARGET_KEY = 5;
    static final short CONSUMER_MEMBER_ASSIGNMENT_KEY = 6;
    static final short CONSUMER_REGEX_KEY = 7;
    private static final short VALUE_VERSION = 0;
    /** Members a group value's list is sized for before they are read; more grow it. */
    private static final int PREALLOCATED_MEMBERS = 64;

    /**
     * A decoded key. {@code partition} is set for offset keys only; {@code subKey} (a member id or a
     * regex) for the consumer-group keys that have one.
     */
    public record Key(short type, String groupId, TopicPartition partition, String subKey) {
        public Key(short type, String groupId, TopicPartition partition) {
            this(type, groupId, partition, null);
        }
    }

    /** The key of a consumer-group record, comparable by value: {@code subKey} null for group-level keys. */
    public record StoredKey(short type, String groupId, String subKey) {
        public byte[] bytes() {
            return write(out -> {
                out.writeShort(type);
                string(out, groupId);
                if (subKey != null) {
                    string(out, subKey);
                }
            });
        }
    }

    /** A group's stored snapshot. */
    public record GroupValue(String protocolType, int generation, String protocol, String leader, long stateTimestampMs,
            List<MemberValue> members) {}

    public record MemberValue(String memberId, String instanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, Map<String, byte[]> protocols, byte[] assignment) {}

    private GroupRecordCodec() {}

    public static byte[] offsetKey(String groupId, TopicPartition tp) {
        return write(out -> {
            out.writeShort(OFFSET_KEY);
            string(out, groupId);
            string(out, tp.topic());
            out.writeInt(tp.partition());
        });
    }

    public static byte[] groupKey(String groupId) {
        return write(out -> {
            out.writeShort(GROUP_KEY);
            string(out, groupId);
        });
    }

    public static byte[] offsetValue(CommittedOffset o) {
        return write(out -> {
            out.writeShort(VALUE_VERSION);
            out.writeLong(o.offset());
            out.writeInt(o.leaderEpoch());
            string(out, o.metadata());
            out.writeLong(o.commitTimestampMs());
        });
    }

    public static byte[] groupValue(ClassicGroup g) {
        return write(out -> {
            out.writeShort(VALUE_VERSION);
            string(out, g.protocolType());
            out.writeInt(g.generationId());
            string(out, g.protocolName());
            string(out, g.leaderId());
            out.writeLong(g.stateTimestampMs());
            out.writeInt(g.size());
            for (ClassicMember m : g.members()) {
                string(out, m.memberId());
                string(out, m.groupInstanceId());
                string(out, m.clientId());
                string(out, m.clientHost());
                out.writeInt(m.rebalanceTimeoutMs());
                out.writeInt(m.sessionTimeoutMs());
                out.writeInt(m.protocols().size());
                for (Map.Entry<String, byte[]> p : m.protocols().entrySet()) {
                    string(out, p.getKey());
                    bytes(out, p.getValue());
                }
                bytes(out, m.assignment());
            }
        });
    }

    public static Key readKey(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        short type = b.getShort();
        String group = readString(b);
        if (type == OFFSET_KEY) {
            return new Key(type, group, new TopicPartition(readString(b), b.getInt()));
        }
        if (type == GROUP_KEY || type == CONSUMER_GROUP_KEY || type == CONSUMER_TARGET_KEY) {
            return new Key(type, group, null);
        }
        if (type >= CONSUMER_MEMBER_KEY && type <= CONSUMER_REGEX_KEY) {
            return new Key(type, group, null, readString(b));
        }
        throw new IllegalArgumentException("Unknown key type " + type);
    }

    public static CommittedOffset readOffset(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        return new CommittedOffset(b.getLong(), b.getInt(), readString(b), b.getLong());
    }

    public static GroupValue readGroup(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        checkVersion(b.getShort());
        String type = readString(b);
        int generation = b.getInt();
        String protocol = readString(b);
        String leader = readString(b);
        long ts = b.getLong();
        int n = count(b);
        List<MemberValue> members = new ArrayList<>(Math.min(n, PREALLOCATED_MEMBERS));
        for (int i = 0; i < n; i++) {
            String id = readString(b);
            String instance = readString(b);
            String client = readString(b);
            String host = readString(b);
            int rebalance = b.getInt();
            int session = b.getInt();
            int p = count(b);
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            for (int j = 0; j < p; j++) {
                protocols.put(readString(b), readBytes(b));
            }
            members.add(new MemberValue(id, instance, client, host, rebalance, session, protocols, readBytes(b)));
        }
        return new GroupValue(type, generation, protocol, leader, ts, members);
    }

    /** A count of entries of at least one byte each, checked against the bytes left before any allocation. */
    static int count(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("A count of " + n + " with " + b.remaining()
                    + " bytes left in the record");
        }
        return n;
    }

    static void checkVersion(short v) {
        if (v != VALUE_VERSION) {
            throw new IllegalArgumentException("Unknown value version " + v);
        }
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeShort(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("String too long: " + b.length + " bytes");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(ByteBuffer b) {
        short len = b.getShort();
        if (len < 0) {
            return null;
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static byte[] readBytes(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) {
            return null;
        }
        if (len > b.remaining()) {
            throw new IllegalArgumentException(len + " bytes with " + b.remaining() + " left in the record");
        }
        byte[] s = new byte[len];
        b.get(s);
        return s;
    }
}
