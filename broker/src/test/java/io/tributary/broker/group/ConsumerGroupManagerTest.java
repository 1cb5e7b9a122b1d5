package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** KIP-848 reconciliation: epochs, revocation before assignment, expiry, offsets by member epoch. */
class ConsumerGroupManagerTest {

    private static final Uuid TOPIC = Uuid.randomUuid();
    private final ManualScheduler clock = new ManualScheduler();
    private final ShardState state = new ShardState();
    private final GroupConfig config = GroupConfig.defaults();
    private final ConsumerGroupManager manager = new ConsumerGroupManager(state, config, clock, clock,
            new MockTopicLookup().create("t", TOPIC, 4), GroupWriter.NONE);

    private ConsumerGroupHeartbeatResponseData hb(String member, int epoch, List<Integer> owned) {
        ConsumerGroupHeartbeatRequestData req = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId(member).setMemberEpoch(epoch).setRebalanceTimeoutMs(epoch == 0 ? 30_000 : -1)
                .setSubscribedTopicNames(epoch == 0 ? List.of("t") : null)
                .setTopicPartitions(owned == null ? null : List.of(
                        new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(TOPIC)
                                .setPartitions(owned)));
        if (epoch == 0) {
            req.setTopicPartitions(new ArrayList<>());
        }
        return manager.heartbeat(new ConsumerGroupManager.Heartbeat(req, (short) 1, "client", "/127.0.0.1")).join();
    }

    private static List<Integer> parts(ConsumerGroupHeartbeatResponseData r) {
        return r.assignment() == null ? null
                : r.assignment().topicPartitions().stream().flatMap(t -> t.partitions().stream()).sorted().toList();
    }

    @Test
    void aSecondMemberGetsPartitionsOnlyAfterTheFirstRevokesThem() {
        ConsumerGroupHeartbeatResponseData a = hb("a", 0, null);
        assertThat(a.errorCode()).isZero();
        assertThat(parts(a)).containsExactly(0, 1, 2, 3);
        int aEpoch = a.memberEpoch();

        ConsumerGroupHeartbeatResponseData b = hb("b", 0, null);
        assertThat(b.memberEpoch()).isGreaterThan(aEpoch);
        assertThat(parts(b)).as("nothing until a has revoked").isEmpty();
        assertThat(state.consumerGroup("g").orElseThrow().state()).isEqualTo(ConsumerGroup.State.RECONCILING);

        ConsumerGroupHeartbeatResponseData aRevoke = hb("a", aEpoch, null);
        assertThat(aRevoke.memberEpoch()).as("epoch holds until the revocation is acknowledged").isEqualTo(aEpoch);
        assertThat(parts(aRevoke)).hasSize(2);
        assertThat(parts(hb("b", b.memberEpoch(), null))).as("still owned by a").isNull();

        ConsumerGroupHeartbeatResponseData ack = hb("a", aEpoch, parts(aRevoke));
        assertThat(ack.memberEpoch()).isEqualTo(b.memberEpoch());
        ConsumerGroupHeartbeatResponseData bNow = hb("b", b.memberEpoch(), List.of());
        assertThat(parts(bNow)).hasSize(2).doesNotContainAnyElementsOf(parts(aRevoke));
        assertThat(state.consumerGroup("g").orElseThrow().state()).isEqualTo(ConsumerGroup.State.STABLE);

        assertThat(manager.check("g", "b", bNow.memberEpoch(), true)).isEqualTo(Errors.NONE);
        assertThat(manager.check("g", "b", bNow.memberEpoch() - 1, true)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(manager.check("g", "x", 1, true)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(manager.check("other", "x", 1, true)).isNull();
    }

    @Test
    void wrongEpochsAndUnknownMembersAreFenced() {
        ConsumerGroupHeartbeatResponseData a = hb("a", 0, null);
        assertThat(hb("a", a.memberEpoch() + 5, null).errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(hb("zz", 3, null).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(manager.heartbeat(new ConsumerGroupManager.Heartbeat(new ConsumerGroupHeartbeatRequestData()
                .setGroupId("").setMemberId("q").setMemberEpoch(0), (short) 1, "c", "h")).join().errorCode())
                .isEqualTo(Errors.INVALID_GROUP_ID.code());
    }

    @Test
    void aSilentMemberExpiresAndItsPartitionsMove() {
        ConsumerGroupHeartbeatResponseData a = hb("a", 0, null);
        ConsumerGroupHeartbeatResponseData b = hb("b", 0, null);
        ConsumerGroupHeartbeatResponseData aRevoke = hb("a", a.memberEpoch(), null);
        hb("a", a.memberEpoch(), parts(aRevoke));
        for (int i = 0; i < 20; i++) {
            clock.advance(config.consumerSessionTimeoutMs() / 10);
            hb("b", state.consumerGroup("g").orElseThrow().member("b").orElseThrow().memberEpoch(), null);
        }
        assertThat(state.consumerGroup("g").orElseThrow().members()).containsOnlyKeys("b");
        ConsumerGroupHeartbeatResponseData bAll = hb("b",
                state.consumerGroup("g").orElseThrow().member("b").orElseThrow().memberEpoch(), null);
        assertThat(state.consumerGroup("g").orElseThrow().member("b").orElseThrow().assigned().get(TOPIC))
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(b.errorCode()).isZero();
        assertThat(bAll.errorCode()).isZero();
    }

    @Test
    void leavingFreesThePartitions() {
        ConsumerGroupHeartbeatResponseData a = hb("a", 0, null);
        assertThat(hb("a", -1, null).memberEpoch()).isEqualTo(-1);
        assertThat(state.consumerGroup("g").orElseThrow().state()).isEqualTo(ConsumerGroup.State.EMPTY);
        assertThat(parts(hb("b", 0, null))).containsExactly(0, 1, 2, 3);
        assertThat(a.errorCode()).isZero();
    }
}
