package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Consumer-protocol groups survive a coordinator restart: the records written while members join,
 * reconcile and leave rebuild the same epochs, subscriptions and assignments.
 */
class ConsumerGroupPersistenceTest {

    private final MockTopicLookup topics = new MockTopicLookup().create("t", 4).create("orders-eu", 2);
    private final ConsumerGroupTestContext ctx = new ConsumerGroupTestContext(topics);

    private void twoStableMembers() {
        ctx.join("a", "t");
        ctx.joinWithRegex("b", "orders-.*");
        for (int i = 0; i < 3; i++) {
            ctx.heartbeat("a");
            ctx.heartbeat("b");
        }
        assertThat(ctx.group().state()).isEqualTo(ConsumerGroup.State.STABLE);
    }

    @Test
    void membersContinueWithTheirEpochAndPartitionsAfterARestart() {
        twoStableMembers();
        ConsumerGroupMember a = ctx.member("a");
        int groupEpoch = ctx.group().groupEpoch();

        ConsumerGroupTestContext restarted = ctx.restart();
        ConsumerGroup g = restarted.group();
        assertThat(g.groupEpoch()).isEqualTo(groupEpoch);
        assertThat(g.assignmentEpoch()).isEqualTo(ctx.group().assignmentEpoch());
        assertThat(g.state()).isEqualTo(ConsumerGroup.State.STABLE);
        ConsumerGroupMember a2 = restarted.member("a");
        assertThat(a2.memberEpoch()).isEqualTo(a.memberEpoch());
        assertThat(a2.assigned()).isEqualTo(a.assigned());
        assertThat(a2.subscribedTopics()).containsExactly("t");
        assertThat(a2.clientId()).isEqualTo("client");
        assertThat(a2.rebalanceTimeoutMs()).isEqualTo(30_000);
        assertThat(restarted.member("b").subscribedRegex()).isEqualTo("orders-.*");
        assertThat(g.resolvedRegexes().get("orders-.*").topics()).containsExactly("orders-eu");
        assertThat(g.target("b")).isEqualTo(ctx.group().target("b"));

        ConsumerGroupHeartbeatResponseData r = restarted.heartbeat("a", a.memberEpoch(), a.assigned());
        assertThat(r.errorCode()).isZero();
        assertThat(r.memberEpoch()).isEqualTo(a.memberEpoch());
        assertThat(restarted.owned("a")).isEqualTo(ctx.owned("a"));
        assertThat(restarted.owned("b")).isEqualTo(ctx.owned("b"));
        assertThat(restarted.group().groupEpoch()).as("nothing changed: no rebalance").isEqualTo(groupEpoch);
        int before = restarted.log.size();
        restarted.heartbeat("a");
        assertThat(restarted.log).as("an idle heartbeat writes nothing").hasSize(before);
    }

    @Test
    void sessionsRestartAtTheLoadAndSilentMembersExpire() {
        twoStableMembers();
        ctx.clock.advance(ctx.config.consumerSessionTimeoutMs() - 1000);
        ConsumerGroupTestContext restarted = ctx.restart();
        restarted.clock.advance(ctx.config.consumerSessionTimeoutMs() / 2);
        restarted.heartbeat("a");
        assertThat(restarted.group().members()).containsOnlyKeys("a", "b");
        restarted.clock.advance(ctx.config.consumerSessionTimeoutMs() / 2 + 1);
        assertThat(restarted.group().members()).as("b never heartbeat after the restart").containsOnlyKeys("a");
        assertThat(restarted.restart().group().members()).as("the expiry was stored").containsOnlyKeys("a");
    }

    @Test
    void aMemberThatLeftIsTombstonedAndADeletedGroupIsGone() {
        twoStableMembers();
        ctx.heartbeat("b", ConsumerGroupManager.LEAVE_EPOCH, null);
        ConsumerGroupTestContext restarted = ctx.restart();
        assertThat(restarted.group().members()).containsOnlyKeys("a");
        assertThat(restarted.group().resolvedRegexes()).as("no one uses the regex any more").isEmpty();

        restarted.heartbeat("a", ConsumerGroupManager.LEAVE_EPOCH, null);
        assertThat(restarted.admin.delete(ConsumerGroupTestContext.GROUP).join()).isEqualTo(Errors.NONE);
        ConsumerGroupTestContext again = restarted.restart();
        assertThat(again.state.consumerGroup(ConsumerGroupTestContext.GROUP)).isEmpty();
        assertThat(liveKeys(again.log)).isEmpty();
    }

    @Test
    void aRestartedMemberRejoiningWithEpochZeroStartsOver() {
        twoStableMembers();
        ConsumerGroupTestContext restarted = ctx.restart();
        ConsumerGroupHeartbeatResponseData r = restarted.heartbeat("zz", 7, null);
        assertThat(r.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(restarted.join("a", "t").errorCode()).isZero();
        assertThat(restarted.group().groupEpoch()).isGreaterThan(ctx.group().groupEpoch());
    }

    /** The keys whose last record is not a tombstone. */
    private static List<GroupRecordCodec.Key> liveKeys(List<KeyValue> log) {
        java.util.Map<GroupRecordCodec.Key, Boolean> live = new java.util.LinkedHashMap<>();
        for (KeyValue kv : log) {
            live.put(GroupRecordCodec.readKey(ByteBuffer.wrap(kv.key())), kv.value() != null);
        }
        return live.entrySet().stream().filter(java.util.Map.Entry::getValue).map(java.util.Map.Entry::getKey)
                .toList();
    }
}
