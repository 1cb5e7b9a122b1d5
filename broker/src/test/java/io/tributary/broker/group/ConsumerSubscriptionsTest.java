package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Regex subscriptions (KIP-848): RE2/J resolution, refresh on topic changes, validation, describe. */
class ConsumerSubscriptionsTest {

    private final MockTopicLookup topics = new MockTopicLookup().create("orders-eu", 2).create("payments", 2)
            .create("__consumer_offsets", 3);
    private final ConsumerGroupTestContext ctx = new ConsumerGroupTestContext(topics);

    @Test
    void aRegexMatchesWholeTopicNamesWithRe2jSemanticsAndNeverInternalTopics() {
        ConsumerSubscriptions subs = new ConsumerSubscriptions(
                topics.create("orders", 1).create("reorders-x", 1).create("__transaction_state", 1), ctx.clock);
        Map<String, Set<String>> r = subs.resolve(Set.of("orders-.*", "orders", ".*", "(?i)PAY.*", "o\\pL+"));
        assertThat(r.get("orders-.*")).containsExactly("orders-eu");
        assertThat(r.get("orders")).as("a match is of the whole name").containsExactly("orders");
        assertThat(r.get(".*")).containsExactlyInAnyOrder("orders-eu", "payments", "orders", "reorders-x");
        assertThat(r.get("(?i)PAY.*")).containsExactly("payments");
        assertThat(r.get("o\\pL+")).containsExactly("orders");
    }

    @Test
    void anInvalidRegexIsRefusedAndTheMemberIsNotAdmitted() {
        ConsumerGroupHeartbeatResponseData r = ctx.joinWithRegex("m", "orders-(.*");
        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(r.errorMessage())
                .startsWith("SubscribedTopicRegex `orders-(.*` is not a valid regular expression: ");
        assertThat(ctx.joinWithRegex("m", "orders(?=-eu)").errorCode())
                .as("lookahead, which RE2/J does not have").isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(ctx.state.consumerGroup(ConsumerGroupTestContext.GROUP).map(g -> g.members().isEmpty())
                .orElse(true)).isTrue();
    }

    @Test
    void aTopicCreatedLaterJoinsTheAssignmentAtTheNextRefreshAndADeletedOneLeavesAtOnce() {
        ConsumerGroupHeartbeatResponseData joined = ctx.joinWithRegex("m", "orders-.*");
        assertThat(joined.errorCode()).isZero();
        assertThat(ctx.owned("m")).containsExactly("orders-eu-0", "orders-eu-1");
        int epoch = ctx.group().groupEpoch();

        topics.create("orders-us", 1);
        ctx.heartbeat("m");
        assertThat(ctx.owned("m")).as("regexes refresh at most every 10 s").hasSize(2);
        ctx.clock.advance(ConsumerSubscriptions.REGEX_REFRESH_INTERVAL_MS);
        ctx.heartbeat("m");
        assertThat(ctx.group().groupEpoch()).isGreaterThan(epoch);
        assertThat(ctx.owned("m")).containsExactly("orders-eu-0", "orders-eu-1", "orders-us-0");
        assertThat(ctx.member("m").memberEpoch()).isEqualTo(ctx.group().groupEpoch());

        topics.delete("orders-eu");
        ConsumerGroupHeartbeatResponseData revoke = ctx.heartbeat("m");
        assertThat(revoke.assignment()).isNotNull();
        ctx.heartbeat("m");
        assertThat(ctx.owned("m")).containsExactly("orders-us-0");
        assertThat(ctx.group().state()).isEqualTo(ConsumerGroup.State.STABLE);
    }

    @Test
    void namesAndARegexAddUpAndAnUnchangedResolutionKeepsTheEpoch() {
        ctx.joinWithRegex("m", "orders-.*");
        ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId(ConsumerGroupTestContext.GROUP)
                .setMemberId("m").setMemberEpoch(ctx.member("m").memberEpoch())
                .setSubscribedTopicNames(java.util.List.of("payments")));
        ctx.heartbeat("m");
        ctx.heartbeat("m");
        assertThat(ctx.owned("m")).containsExactly("orders-eu-0", "orders-eu-1", "payments-0", "payments-1");
        int epoch = ctx.group().groupEpoch();
        topics.create("unrelated", 1);
        ctx.clock.advance(ConsumerSubscriptions.REGEX_REFRESH_INTERVAL_MS);
        ctx.heartbeat("m");
        assertThat(ctx.group().groupEpoch()).isEqualTo(epoch);
    }

    @Test
    void switchingFromARegexToNamesForgetsTheRegex() {
        ctx.joinWithRegex("m", "orders-.*");
        ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId(ConsumerGroupTestContext.GROUP)
                .setMemberId("m").setMemberEpoch(ctx.member("m").memberEpoch())
                .setSubscribedTopicRegex("").setSubscribedTopicNames(java.util.List.of("payments")));
        ctx.heartbeat("m");
        ctx.heartbeat("m");
        assertThat(ctx.member("m").subscribedRegex()).isNull();
        assertThat(ctx.group().resolvedRegexes()).isEmpty();
        assertThat(ctx.owned("m")).containsExactly("payments-0", "payments-1");
    }

    @Test
    void describeShowsTheRegex() {
        ctx.joinWithRegex("m", "orders-.*");
        ConsumerGroupDescribeResponseData.DescribedGroup d =
                ctx.admin.describeConsumerGroup(ConsumerGroupTestContext.GROUP, topics);
        assertThat(d.members()).hasSize(1);
        assertThat(d.members().get(0).subscribedTopicRegex()).isEqualTo("orders-.*");
        assertThat(d.members().get(0).assignment().topicPartitions().get(0).topicName()).isEqualTo("orders-eu");
    }
}
