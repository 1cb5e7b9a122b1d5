package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupRecordCodecTest {

    @Test
    void offsetsRoundTrip() {
        TopicPartition tp = new TopicPartition("topic", 7);
        GroupRecordCodec.Key k = GroupRecordCodec.readKey(ByteBuffer.wrap(GroupRecordCodec.offsetKey("grp", tp)));
        assertThat(k).isEqualTo(new GroupRecordCodec.Key((short) 0, "grp", tp));
        CommittedOffset o = new CommittedOffset(123, 4, "meta", 99);
        assertThat(GroupRecordCodec.readOffset(ByteBuffer.wrap(GroupRecordCodec.offsetValue(o)))).isEqualTo(o);
    }

    @Test
    void groupsRoundTrip() {
        ClassicGroup g = new ClassicGroup("grp", GroupState.EMPTY, 5);
        ClassicMember m = new ClassicMember("m-1", "inst", "client", "/1.2.3.4", 30000, 10000, "consumer",
                Map.of("range", new byte[] {1, 2}));
        m.assignment(new byte[] {9});
        g.add(m);
        g.generationId(3);
        g.protocolName("range");
        assertThat(GroupRecordCodec.readKey(ByteBuffer.wrap(GroupRecordCodec.groupKey("grp"))).groupId())
                .isEqualTo("grp");
        GroupRecordCodec.GroupValue v = GroupRecordCodec.readGroup(ByteBuffer.wrap(GroupRecordCodec.groupValue(g)));
        assertThat(v.generation()).isEqualTo(3);
        assertThat(v.protocolType()).isEqualTo("consumer");
        assertThat(v.protocol()).isEqualTo("range");
        assertThat(v.leader()).isEqualTo("m-1");
        assertThat(v.members()).hasSize(1);
        GroupRecordCodec.MemberValue mv = v.members().get(0);
        assertThat(mv.instanceId()).isEqualTo("inst");
        assertThat(mv.assignment()).containsExactly(9);
        assertThat(mv.protocols().get("range")).containsExactly(1, 2);
    }

    @Test
    void aCountOrLengthLargerThanTheRecordIsRefusedBeforeAnythingIsAllocated() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(0);
            out.writeShort(-1);
            out.writeInt(1);
            out.writeShort(-1);
            out.writeShort(-1);
            out.writeLong(0);
            out.writeInt(Integer.MAX_VALUE);
        }
        assertThatThrownBy(() -> GroupRecordCodec.readGroup(ByteBuffer.wrap(bytes.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count of " + Integer.MAX_VALUE);

        ClassicGroup g = new ClassicGroup("grp", GroupState.EMPTY, 5);
        ClassicMember m = new ClassicMember("m-1", null, "client", "/1.2.3.4", 30000, 10000, "consumer",
                Map.of("range", new byte[] {1, 2}));
        m.assignment(new byte[] {9});
        g.add(m);
        byte[] value = GroupRecordCodec.groupValue(g);
        ByteBuffer.wrap(value).putInt(value.length - 5, Integer.MAX_VALUE - 1);
        assertThatThrownBy(() -> GroupRecordCodec.readGroup(ByteBuffer.wrap(value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes with 1 left");
    }
}
