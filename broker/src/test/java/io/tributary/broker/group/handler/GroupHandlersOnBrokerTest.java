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
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every group handler at every version it advertises, as the whole broker registers them: bad
 * input (empty group ids, unknown members, stale generations, oversized metadata) gets Kafka's
 * error codes, and each response serialises at the request's version.
 */
class GroupHandlersOnBrokerTest {

    @TempDir
    Path dir;

    private BrokerTestContext broker;
    private Map<ApiKeys, ApiHandler> handlers;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerTestContext.start(dir, new TestBrokerConfig(Map.of("offsets.topic.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0")));
        handlers = broker.broker().handlers().stream()
                .collect(Collectors.toMap(ApiHandler::apiKey, Function.identity()));
        FindCoordinatorRequestData find = new FindCoordinatorRequestData().setKey("g").setKeyType((byte) 0);
        broker.call(handlers.get(ApiKeys.FIND_COORDINATOR), new FindCoordinatorRequest.Builder(find).build((short) 3));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> broker.broker().groups().isActive());
        broker.context().controller()
                .createTopics(List.of(new NewTopic("t", 2, (short) 1, Map.of(), Map.of())), false).join();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> broker.context().image().topic("t").isPresent());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private short max(ApiKeys key) {
        return handlers.get(key).maxVersion();
    }

    private short min(ApiKeys key) {
        return handlers.get(key).minVersion();
    }

    @Test
    void findCoordinatorAtEveryVersion() {
        for (short v = min(ApiKeys.FIND_COORDINATOR); v <= max(ApiKeys.FIND_COORDINATOR); v++) {
            FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 0);
            if (v >= 4) {
                data.setCoordinatorKeys(List.of("a", "b"));
            } else {
                data.setKey("a");
            }
            FindCoordinatorResponseData r = broker.call(handlers.get(ApiKeys.FIND_COORDINATOR),
                    new FindCoordinatorRequest.Builder(data).build(v));
            if (v >= 4) {
                assertThat(r.coordinators()).hasSize(2).allMatch(c -> c.errorCode() == 0 && c.nodeId() == 1);
            } else {
                assertThat(r.errorCode()).isZero();
                assertThat(r.port()).isEqualTo(BrokerTestContext.ENDPOINT.port());
            }
            if (v >= 1) {
                FindCoordinatorRequestData txn = new FindCoordinatorRequestData().setKeyType((byte) 1);
                if (v >= 4) {
                    txn.setCoordinatorKeys(List.of("t"));
                } else {
                    txn.setKey("t");
                }
                FindCoordinatorResponseData t = broker.call(handlers.get(ApiKeys.FIND_COORDINATOR),
                        new FindCoordinatorRequest.Builder(txn).build(v));
                short code = v >= 4 ? t.coordinators().get(0).errorCode() : t.errorCode();
                assertThat(code).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
            }
        }
    }

    @Test
    void membershipRequestsWithBadInputAtEveryVersion() {
        for (short v = min(ApiKeys.JOIN_GROUP); v <= max(ApiKeys.JOIN_GROUP); v++) {
            JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                    new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
            protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                    .setMetadata(new byte[1]));
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("").setMemberId("")
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                    .setProtocols(protocols);
            JoinGroupResponseData r = broker.call(handlers.get(ApiKeys.JOIN_GROUP), new JoinGroupRequest(join, v));
            assertThat(r.errorCode()).as("JoinGroup v%d", v).isEqualTo(Errors.INVALID_GROUP_ID.code());
            join.setGroupId("j").setMemberId("ghost");
            r = broker.call(handlers.get(ApiKeys.JOIN_GROUP), new JoinGroupRequest(join, v));
            assertThat(r.errorCode()).as("JoinGroup v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
        for (short v = min(ApiKeys.SYNC_GROUP); v <= max(ApiKeys.SYNC_GROUP); v++) {
            SyncGroupResponseData r = broker.call(handlers.get(ApiKeys.SYNC_GROUP), new SyncGroupRequest(
                    new SyncGroupRequestData().setGroupId("j").setMemberId("ghost").setGenerationId(1), v));
            assertThat(r.errorCode()).as("SyncGroup v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
        for (short v = min(ApiKeys.HEARTBEAT); v <= max(ApiKeys.HEARTBEAT); v++) {
            HeartbeatResponseData r = broker.call(handlers.get(ApiKeys.HEARTBEAT), new HeartbeatRequest.Builder(
                    new HeartbeatRequestData().setGroupId("j").setMemberId("ghost").setGenerationId(1)).build(v));
            assertThat(r.errorCode()).as("Heartbeat v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
        for (short v = min(ApiKeys.LEAVE_GROUP); v <= max(ApiKeys.LEAVE_GROUP); v++) {
            LeaveGroupResponseData r = broker.call(handlers.get(ApiKeys.LEAVE_GROUP), new LeaveGroupRequest.Builder("j",
                    List.of(new MemberIdentity().setMemberId("ghost"))).build(v));
            assertThat(r.errorCode()).as("LeaveGroup v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
        for (short v = min(ApiKeys.CONSUMER_GROUP_HEARTBEAT); v <= max(ApiKeys.CONSUMER_GROUP_HEARTBEAT); v++) {
            ConsumerGroupHeartbeatResponseData r = broker.call(handlers.get(ApiKeys.CONSUMER_GROUP_HEARTBEAT),
                    new ConsumerGroupHeartbeatRequest(new ConsumerGroupHeartbeatRequestData().setGroupId("c")
                            .setMemberId("ghost").setMemberEpoch(5), v));
            assertThat(r.errorCode()).as("ConsumerGroupHeartbeat v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
    }

    @Test
    void offsetsAtEveryVersion() {
        for (short v = min(ApiKeys.OFFSET_COMMIT); v <= max(ApiKeys.OFFSET_COMMIT); v++) {
            OffsetCommitRequestData.OffsetCommitRequestTopic topic =
                    new OffsetCommitRequestData.OffsetCommitRequestTopic();
            if (v >= 10) {
                topic.setTopicId(Uuid.randomUuid());
            } else {
                topic.setName("t");
            }
            topic.setPartitions(List.of(
                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                            .setCommittedOffset(7 + v).setCommittedMetadata("m"),
                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(1)
                            .setCommittedOffset(1).setCommittedMetadata("x".repeat(5000))));
            OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("oc").setMemberId("")
                    .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(topic));
            OffsetCommitResponseData r = broker.call(handlers.get(ApiKeys.OFFSET_COMMIT),
                    new OffsetCommitRequest(data, v));
            List<Short> codes = r.topics().get(0).partitions().stream().map(p -> p.errorCode()).toList();
            if (v >= 10) {
                assertThat(codes).as("OffsetCommit v%d", v).containsExactly(Errors.UNKNOWN_TOPIC_ID.code(),
                        Errors.UNKNOWN_TOPIC_ID.code());
            } else {
                assertThat(codes).as("OffsetCommit v%d", v).containsExactly(Errors.NONE.code(),
                        Errors.OFFSET_METADATA_TOO_LARGE.code());
            }
            // at v10 no partition of the request exists, so it is answered without looking at the group
            data.setGroupId("");
            r = broker.call(handlers.get(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(data, v));
            assertThat(r.topics().get(0).partitions().get(0).errorCode())
                    .isEqualTo((v >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.INVALID_GROUP_ID).code());
            data.setGroupId("other").setGenerationIdOrMemberEpoch(3).setMemberId("m");
            r = broker.call(handlers.get(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(data, v));
            assertThat(r.topics().get(0).partitions().get(0).errorCode())
                    .isEqualTo((v >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.ILLEGAL_GENERATION).code());
        }
        for (short v = min(ApiKeys.OFFSET_FETCH); v <= 9; v++) {
            OffsetFetchRequestData data = new OffsetFetchRequestData();
            if (v >= 8) {
                data.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("oc")
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                                .setPartitionIndexes(List.of(0, 1))))));
            } else {
                data.setGroupId("oc").setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                        .setName("t").setPartitionIndexes(List.of(0, 1))));
            }
            OffsetFetchResponseData r = broker.call(handlers.get(ApiKeys.OFFSET_FETCH),
                    OffsetFetchRequest.Builder.forTopicNames(data, false).build(v));
            long offset = v >= 8 ? r.groups().get(0).topics().get(0).partitions().get(0).committedOffset()
                    : r.topics().get(0).partitions().get(0).committedOffset();
            long missing = v >= 8 ? r.groups().get(0).topics().get(0).partitions().get(1).committedOffset()
                    : r.topics().get(0).partitions().get(1).committedOffset();
            assertThat(offset).as("OffsetFetch v%d", v).isEqualTo(7 + 9);
            assertThat(missing).as("OffsetFetch v%d", v).isEqualTo(-1);
        }
        for (short v = 0; v <= max(ApiKeys.OFFSET_DELETE); v++) {
            OffsetDeleteResponseData r = broker.call(handlers.get(ApiKeys.OFFSET_DELETE), new OffsetDeleteRequest(
                    new OffsetDeleteRequestData().setGroupId("nobody"), v));
            assertThat(r.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        }
    }

    @Test
    void administrationAtEveryVersion() {
        OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId("admin")
                .setGenerationIdOrMemberEpoch(-1)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(1)))));
        broker.call(handlers.get(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(commit, (short) 9));
        for (short v = min(ApiKeys.LIST_GROUPS); v <= max(ApiKeys.LIST_GROUPS); v++) {
            ListGroupsResponseData r = broker.call(handlers.get(ApiKeys.LIST_GROUPS),
                    new ListGroupsRequest(new ListGroupsRequestData(), v));
            assertThat(r.groups()).as("ListGroups v%d", v).anyMatch(g -> g.groupId().equals("admin"));
        }
        for (short v = min(ApiKeys.DESCRIBE_GROUPS); v <= max(ApiKeys.DESCRIBE_GROUPS); v++) {
            DescribeGroupsResponseData r = broker.call(handlers.get(ApiKeys.DESCRIBE_GROUPS),
                    new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData()
                            .setGroups(List.of("admin", "none"))).build(v));
            assertThat(r.groups().get(0).groupState()).isEqualTo("Empty");
            assertThat(r.groups().get(1).errorCode()).as("DescribeGroups v%d", v)
                    .isEqualTo(v >= 6 ? Errors.GROUP_ID_NOT_FOUND.code() : Errors.NONE.code());
        }
        for (short v = min(ApiKeys.CONSUMER_GROUP_DESCRIBE); v <= max(ApiKeys.CONSUMER_GROUP_DESCRIBE); v++) {
            ConsumerGroupDescribeResponseData r = broker.call(handlers.get(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                    new ConsumerGroupDescribeRequest(
                            new ConsumerGroupDescribeRequestData().setGroupIds(List.of("none")), v));
            assertThat(r.groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        }
        for (short v = min(ApiKeys.DELETE_GROUPS); v <= max(ApiKeys.DELETE_GROUPS); v++) {
            DeleteGroupsResponseData r = broker.call(handlers.get(ApiKeys.DELETE_GROUPS),
                    new DeleteGroupsRequest(new DeleteGroupsRequestData().setGroupsNames(List.of("none", "")), v));
            assertThat(r.results()).extracting(g -> g.errorCode())
                    .containsExactly(Errors.GROUP_ID_NOT_FOUND.code(), Errors.INVALID_GROUP_ID.code());
            assertThat(r.results()).extracting(g -> g.errorMessage()).containsOnlyNulls();
        }
        assertThat(max(ApiKeys.DELETE_GROUPS)).isEqualTo(ApiKeys.DELETE_GROUPS.latestVersion());
        DeleteGroupsResponseData deleted = broker.call(handlers.get(ApiKeys.DELETE_GROUPS),
                new DeleteGroupsRequest(new DeleteGroupsRequestData().setGroupsNames(List.of("admin")), (short) 2));
        assertThat(deleted.results().iterator().next().errorCode()).isZero();
    }

    private OffsetCommitResponseData commit(OffsetCommitRequestData data, short version,
            Map<String, List<Integer>> partitions) {
        partitions.forEach((topic, indexes) -> data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName(topic).setPartitions(indexes.stream().map(i -> new OffsetCommitRequestData
                        .OffsetCommitRequestPartition().setPartitionIndex(i).setCommittedOffset(10 + i)).toList())));
        return broker.call(handlers.get(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(data, version));
    }

    /** Every (topic, partition, error) of a response, in a stable order. */
    private static List<String> errors(OffsetCommitResponseData r) {
        return r.topics().stream().flatMap(t -> t.partitions().stream()
                .map(p -> t.name() + "-" + p.partitionIndex() + " " + Errors.forCode(p.errorCode()))).sorted().toList();
    }

    private List<String> committed(String group) {
        OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(null)));
        OffsetFetchResponseData r = broker.call(handlers.get(ApiKeys.OFFSET_FETCH),
                OffsetFetchRequest.Builder.forTopicNames(data, false).build((short) 9));
        return r.groups().get(0).topics().stream().flatMap(t -> t.partitions().stream()
                .map(p -> t.name() + "-" + p.partitionIndex() + "@" + p.committedOffset())).sorted().toList();
    }

    @Test
    void commitsToTopicsOrPartitionsThatDoNotExistGetUnknownTopicOrPartitionAndAreNotStored() {
        for (short v = min(ApiKeys.OFFSET_COMMIT); v <= 9; v++) {
            String group = "simple-" + v;
            OffsetCommitResponseData r = commit(new OffsetCommitRequestData().setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1), v, Map.of("t", List.of(1, 2), "missing", List.of(0)));
            assertThat(errors(r)).as("OffsetCommit v%d", v).containsExactly("missing-0 UNKNOWN_TOPIC_OR_PARTITION",
                    "t-1 NONE", "t-2 UNKNOWN_TOPIC_OR_PARTITION");
            assertThat(r.topics()).as("one entry per topic").hasSize(2);
            assertThat(committed(group)).containsExactly("t-1@11");
        }
        // nothing that exists: answered without the group, which is neither checked nor created
        OffsetCommitResponseData r = commit(new OffsetCommitRequestData().setGroupId("ghost")
                .setGenerationIdOrMemberEpoch(4).setMemberId("m"), (short) 9, Map.of("t", List.of(7)));
        assertThat(errors(r)).containsExactly("t-7 UNKNOWN_TOPIC_OR_PARTITION");
        DescribeGroupsResponseData ghost = broker.call(handlers.get(ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of("ghost")))
                        .build((short) 6));
        assertThat(ghost.groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void aConsumerProtocolMemberCommittingToAPartitionThatDoesNotExistGetsUnknownTopicOrPartition() {
        ConsumerGroupHeartbeatResponseData hb = broker.call(handlers.get(ApiKeys.CONSUMER_GROUP_HEARTBEAT),
                new ConsumerGroupHeartbeatRequest(new ConsumerGroupHeartbeatRequestData().setGroupId("cg")
                        .setMemberId(Uuid.randomUuid().toString()).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                        .setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of()), (short) 1));
        assertThat(hb.errorCode()).isZero();
        OffsetCommitResponseData r = commit(new OffsetCommitRequestData().setGroupId("cg")
                .setMemberId(hb.memberId()).setGenerationIdOrMemberEpoch(hb.memberEpoch()), (short) 9,
                Map.of("t", List.of(0, 9), "missing", List.of(0)));
        assertThat(errors(r)).containsExactly("missing-0 UNKNOWN_TOPIC_OR_PARTITION", "t-0 NONE",
                "t-9 UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(committed("cg")).containsExactly("t-0@10");
    }
}
