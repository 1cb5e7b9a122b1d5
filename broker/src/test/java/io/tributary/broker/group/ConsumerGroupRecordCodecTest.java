package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The consumer-protocol group records: keys and values round-trip, and encoding is deterministic. */
class ConsumerGroupRecordCodecTest {

    private static final Uuid T1 = Uuid.randomUuid();
    private static final Uuid T2 = Uuid.randomUuid();

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    @Test
    void keysCarryTheirMemberIdOrRegex() {
        GroupRecordCodec.StoredKey member = new GroupRecordCodec.StoredKey(GroupRecordCodec.CONSUMER_MEMBER_KEY, "grp",
                "m-1");
        assertThat(GroupRecordCodec.readKey(buf(member.bytes())))
                .isEqualTo(new GroupRecordCodec.Key(GroupRecordCodec.CONSUMER_MEMBER_KEY, "grp", null, "m-1"));
        GroupRecordCodec.StoredKey regex = new GroupRecordCodec.StoredKey(GroupRecordCodec.CONSUMER_REGEX_KEY, "grp",
                "orders-.*");
        assertThat(GroupRecordCodec.readKey(buf(regex.bytes())).subKey()).isEqualTo("orders-.*");
        GroupRecordCodec.StoredKey group = new GroupRecordCodec.StoredKey(GroupRecordCodec.CONSUMER_GROUP_KEY, "grp",
                null);
        assertThat(GroupRecordCodec.readKey(buf(group.bytes())))
                .isEqualTo(new GroupRecordCodec.Key(GroupRecordCodec.CONSUMER_GROUP_KEY, "grp", null));
    }

    @Test
    void groupMemberAndAssignmentValuesRoundTrip() {
        ConsumerGroup g = new ConsumerGroup("grp");
        g.groupEpoch(7);
        g.assignmentEpoch(6);
        g.assignorName("range");
        g.subscribedTopics(Map.of("a", new TopicLookup.Topic(T1, "a", 3), "b", new TopicLookup.Topic(T2, "b", 1)));
        ConsumerGroupRecordCodec.GroupMetadata gm =
                ConsumerGroupRecordCodec.readGroupMetadata(buf(ConsumerGroupRecordCodec.groupMetadata(g)));
        assertThat(gm.groupEpoch()).isEqualTo(7);
        assertThat(gm.subscribedTopics()).isEqualTo(g.subscribedTopics());
        assertThat(ConsumerGroupRecordCodec.readTargetMetadata(buf(ConsumerGroupRecordCodec.targetMetadata(g))))
                .isEqualTo(new ConsumerGroupRecordCodec.TargetMetadata(6, "range"));

        ConsumerGroupMember m = new ConsumerGroupMember("m-1", "inst");
        m.client("client", "/10.0.0.1", "rack-a");
        m.rebalanceTimeoutMs(45_000);
        m.subscribedTopics(List.of("b", "a"));
        m.subscribedRegex("orders-.*");
        m.serverAssignor("uniform");
        m.epochs(6, 5);
        m.state(ConsumerGroupMember.State.UNREVOKED_PARTITIONS);
        m.leftTemporarily(true);
        m.assigned(Map.of(T1, Set.of(2, 0)));
        m.pendingRevocation(Map.of(T2, Set.of(0), T1, Set.of()));
        assertThat(ConsumerGroupRecordCodec.readMemberMetadata(buf(ConsumerGroupRecordCodec.memberMetadata(m))))
                .isEqualTo(new ConsumerGroupRecordCodec.MemberMetadata("inst", "rack-a", "client", "/10.0.0.1", 45_000,
                        List.of("a", "b"), "orders-.*", "uniform"));
        assertThat(ConsumerGroupRecordCodec.readMemberAssignment(buf(ConsumerGroupRecordCodec.memberAssignment(m))))
                .isEqualTo(new ConsumerGroupRecordCodec.MemberAssignment(6, 5,
                        ConsumerGroupMember.State.UNREVOKED_PARTITIONS, true, Map.of(T1, Set.of(0, 2)),
                        Map.of(T2, Set.of(0))));
        assertThat(ConsumerGroupRecordCodec.readMemberTarget(buf(ConsumerGroupRecordCodec.memberTarget(
                Map.of(T1, Set.of(1), T2, Set.of(0)))))).isEqualTo(Map.of(T1, Set.of(1), T2, Set.of(0)));

        ConsumerGroupMember nulls = new ConsumerGroupMember("m-2", null);
        assertThat(ConsumerGroupRecordCodec.readMemberMetadata(buf(ConsumerGroupRecordCodec.memberMetadata(nulls))))
                .isEqualTo(new ConsumerGroupRecordCodec.MemberMetadata(null, null, null, null, 0, List.of(), null,
                        null));
    }

    @Test
    void regexesRoundTripAndEqualStatesEncodeEqually() {
        ConsumerGroup.ResolvedRegex r = new ConsumerGroup.ResolvedRegex(Set.of("orders-us", "orders-eu"), 42, 1000);
        assertThat(ConsumerGroupRecordCodec.readRegex(buf(ConsumerGroupRecordCodec.regex(r)))).isEqualTo(r);
        assertThat(ConsumerGroupRecordCodec.regex(r)).isEqualTo(ConsumerGroupRecordCodec.regex(
                new ConsumerGroup.ResolvedRegex(Set.of("orders-eu", "orders-us"), 42, 1000)));
        ConsumerGroup g = new ConsumerGroup("grp");
        g.resolvedRegexes().put("orders-.*", r);
        assertThat(ConsumerGroupRecords.changes(g)).hasSize(3);
        assertThat(ConsumerGroupRecords.changes(g)).as("nothing changed, nothing to write").isEmpty();
        g.resolvedRegexes().clear();
        assertThat(ConsumerGroupRecords.changes(g)).singleElement().satisfies(kv -> {
            assertThat(kv.value()).as("a tombstone").isNull();
            assertThat(GroupRecordCodec.readKey(buf(kv.key())).subKey()).isEqualTo("orders-.*");
        });
    }
}
