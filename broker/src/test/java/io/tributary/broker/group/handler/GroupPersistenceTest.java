package io.tributary.broker.group.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.network.api.ApiHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the coordinator wrote to __consumer_offsets comes back after a restart: committed offsets,
 * a stable group with its member and assignment; deleted offsets and deleted groups stay deleted
 * (their tombstones are replayed too).
 */
class GroupPersistenceTest {

    private static final TestBrokerConfig CONFIG = new TestBrokerConfig(Map.of("offsets.topic.num.partitions", "3",
            "group.initial.rebalance.delay.ms", "0"));

    @TempDir
    Path dir;

    private static Map<ApiKeys, ApiHandler> handlers(BrokerTestContext broker) {
        return broker.broker().handlers().stream().collect(Collectors.toMap(ApiHandler::apiKey, Function.identity()));
    }

    private static void commit(BrokerTestContext broker, Map<ApiKeys, ApiHandler> h, String group, int partition,
            long offset) {
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(
                        List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                                .setCommittedOffset(offset).setCommittedMetadata("m" + offset)))));
        broker.call(h.get(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(data, (short) 9));
    }

    private static long fetch(BrokerTestContext broker, Map<ApiKeys, ApiHandler> h, String group, int partition) {
        OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                                .setPartitionIndexes(List.of(partition))))));
        OffsetFetchResponseData r = broker.call(h.get(ApiKeys.OFFSET_FETCH),
                OffsetFetchRequest.Builder.forTopicNames(data, false).build((short) 9));
        return r.groups().get(0).topics().get(0).partitions().get(0).committedOffset();
    }

    @Test
    void offsetsGroupsAndTombstonesSurviveARestart() throws Exception {
        String memberId;
        try (BrokerTestContext broker = BrokerTestContext.start(dir, CONFIG)) {
            Map<ApiKeys, ApiHandler> h = handlers(broker);
            broker.call(h.get(ApiKeys.FIND_COORDINATOR), new FindCoordinatorRequest.Builder(
                    new FindCoordinatorRequestData().setKey("g1").setKeyType((byte) 0)).build((short) 3));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> broker.broker().groups().isActive());
            broker.context().controller()
                .createTopics(List.of(new NewTopic("t", 2, (short) 1, Map.of(), Map.of())), false).join();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> broker.context().image().topic("t").isPresent());
            commit(broker, h, "g1", 0, 5);
            commit(broker, h, "g1", 1, 6);
            commit(broker, h, "g2", 0, 7);
            OffsetDeleteRequestData del = new OffsetDeleteRequestData().setGroupId("g1");
            del.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("t").setPartitions(
                    List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(1))));
            broker.call(h.get(ApiKeys.OFFSET_DELETE), new OffsetDeleteRequest(del, (short) 0));
            broker.call(h.get(ApiKeys.DELETE_GROUPS),
                    new DeleteGroupsRequest(new DeleteGroupsRequestData().setGroupsNames(List.of("g2")), (short) 2));

            JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                    new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
            protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                    .setMetadata(new byte[] {1}));
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("live").setMemberId("")
                    .setGroupInstanceId("static-1").setSessionTimeoutMs(30_000).setRebalanceTimeoutMs(30_000)
                    .setProtocolType("consumer").setProtocols(protocols);
            JoinGroupResponseData joined = broker.call(h.get(ApiKeys.JOIN_GROUP),
                    new JoinGroupRequest(join, (short) 9));
            assertThat(joined.errorCode()).isZero();
            memberId = joined.memberId();
            broker.call(h.get(ApiKeys.SYNC_GROUP), new SyncGroupRequest(new SyncGroupRequestData().setGroupId("live")
                    .setMemberId(memberId).setGroupInstanceId("static-1").setGenerationId(joined.generationId())
                    .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                            .setAssignment(new byte[] {4, 2}))), (short) 5));
        }
        try (BrokerTestContext broker = BrokerTestContext.start(dir, CONFIG)) {
            assertThat(broker.broker().groups().isActive()).as("an existing offsets topic is replayed at start")
                    .isTrue();
            Map<ApiKeys, ApiHandler> h = handlers(broker);
            assertThat(fetch(broker, h, "g1", 0)).isEqualTo(5);
            assertThat(fetch(broker, h, "g1", 1)).as("deleted offset").isEqualTo(-1);
            assertThat(fetch(broker, h, "g2", 0)).as("offset of a deleted group").isEqualTo(-1);
            ListGroupsResponseData listed = broker.call(h.get(ApiKeys.LIST_GROUPS),
                    new ListGroupsRequest(new ListGroupsRequestData(), (short) 5));
            assertThat(listed.groups()).extracting(ListGroupsResponseData.ListedGroup::groupId)
                    .contains("g1", "live").doesNotContain("g2");
            DescribeGroupsResponseData d = broker.call(h.get(ApiKeys.DESCRIBE_GROUPS),
                    new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of("live")))
                            .build((short) 5));
            DescribeGroupsResponseData.DescribedGroup live = d.groups().get(0);
            assertThat(live.groupState()).isEqualTo("Stable");
            assertThat(live.members()).hasSize(1);
            assertThat(live.members().get(0).memberId()).isEqualTo(memberId);
            assertThat(live.members().get(0).groupInstanceId()).isEqualTo("static-1");
            assertThat(live.members().get(0).memberAssignment()).containsExactly(4, 2);
            assertThat(Errors.forCode(live.errorCode())).isEqualTo(Errors.NONE);
        }
    }
}
