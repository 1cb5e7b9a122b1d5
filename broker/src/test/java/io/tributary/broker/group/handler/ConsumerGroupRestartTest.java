package io.tributary.broker.group.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.network.api.ApiHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer-protocol member keeps its epoch and partitions across a broker restart: the group is
 * written to __consumer_offsets and replayed by the loader before the coordinator answers.
 */
class ConsumerGroupRestartTest {

    private static final TestBrokerConfig CONFIG = new TestBrokerConfig(Map.of("offsets.topic.num.partitions", "3"));

    @TempDir
    Path dir;

    private static Map<ApiKeys, ApiHandler> handlers(BrokerTestContext broker) {
        return broker.broker().handlers().stream().collect(Collectors.toMap(ApiHandler::apiKey, Function.identity()));
    }

    private static ConsumerGroupHeartbeatResponseData heartbeat(BrokerTestContext broker,
            ConsumerGroupHeartbeatRequestData req) {
        return broker.call(handlers(broker).get(ApiKeys.CONSUMER_GROUP_HEARTBEAT),
                new ConsumerGroupHeartbeatRequest.Builder(req).build((short) 1));
    }

    private static ConsumerGroupHeartbeatRequestData owning(String memberId, ConsumerGroupHeartbeatResponseData r) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned = new ArrayList<>();
        r.assignment().topicPartitions().forEach(tp -> owned.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                .setTopicId(tp.topicId()).setPartitions(tp.partitions())));
        return new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId)
                .setMemberEpoch(r.memberEpoch()).setTopicPartitions(owned);
    }

    @Test
    void aMemberContinuesWithItsEpochAndPartitionsAfterARestart() throws Exception {
        ConsumerGroupHeartbeatResponseData joined;
        try (BrokerTestContext broker = BrokerTestContext.start(dir, CONFIG)) {
            Map<ApiKeys, ApiHandler> h = handlers(broker);
            broker.call(h.get(ApiKeys.CREATE_TOPICS), new CreateTopicsRequest.Builder(new CreateTopicsRequestData()
                    .setTimeoutMs(30_000).setTopics(new CreateTopicsRequestData.CreatableTopicCollection(List.of(
                            new CreatableTopic().setName("orders-eu").setNumPartitions(3)
                                    .setReplicationFactor((short) -1)).iterator()))).build((short) 7));
            broker.call(h.get(ApiKeys.FIND_COORDINATOR), new FindCoordinatorRequest.Builder(
                    new FindCoordinatorRequestData().setKey("g").setKeyType((byte) 0)).build((short) 3));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> broker.broker().groups().isActive());
            joined = heartbeat(broker, new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m-1")
                    .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setSubscribedTopicRegex("orders-.*")
                    .setTopicPartitions(List.of()));
            assertThat(joined.errorCode()).isZero();
            assertThat(joined.assignment().topicPartitions().get(0).partitions()).containsExactly(0, 1, 2);
            assertThat(heartbeat(broker, owning("m-1", joined)).errorCode()).isZero();
        }
        try (BrokerTestContext broker = BrokerTestContext.start(dir, CONFIG)) {
            assertThat(broker.broker().groups().isActive()).isTrue();
            ConsumerGroupHeartbeatResponseData after = heartbeat(broker, owning("m-1", joined));
            assertThat(after.errorCode()).isZero();
            assertThat(after.memberEpoch()).isEqualTo(joined.memberEpoch());
            assertThat(after.assignment().topicPartitions()).isEqualTo(joined.assignment().topicPartitions());
            ConsumerGroupDescribeResponseData described = broker.call(
                    handlers(broker).get(ApiKeys.CONSUMER_GROUP_DESCRIBE), new ConsumerGroupDescribeRequest.Builder(
                            new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).build((short) 0));
            ConsumerGroupDescribeResponseData.Member m = described.groups().get(0).members().get(0);
            assertThat(m.memberId()).isEqualTo("m-1");
            assertThat(m.subscribedTopicRegex()).isEqualTo("orders-.*");
            assertThat(described.groups().get(0).groupEpoch()).isEqualTo(joined.memberEpoch());
        }
    }
}
