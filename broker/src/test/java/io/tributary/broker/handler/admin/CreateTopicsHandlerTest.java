package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateTopicsHandlerTest {

    private BrokerTestContext broker;
    private CreateTopicsHandler handler;

    @BeforeEach
    void start() {
        broker = BrokerTestContext.metadataOnly(new TestBrokerConfig(Map.of("log.segment.bytes", "536870912")));
        handler = new CreateTopicsHandler(broker.context());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    static CreatableTopic topic(String name, int partitions, int rf) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor((short) rf);
    }

    private CreateTopicsResponseData create(int version, boolean validateOnly, CreatableTopic... topics) {
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(30_000).setValidateOnly(validateOnly);
        for (CreatableTopic t : topics) {
            data.topics().add(t.duplicate());
        }
        return broker.call(handler, new CreateTopicsRequest.Builder(data).build((short) version));
    }

    private CreatableTopicResult createOne(CreatableTopic topic) {
        CreateTopicsResponseData response = create(7, false, topic);
        assertThat(response.topics()).hasSize(1);
        return response.topics().iterator().next();
    }

    private TopicImage image(String name) {
        return broker.context().image().topic(name).orElseThrow();
    }

    private static Map<String, CreatableTopicConfigs> byName(List<CreatableTopicConfigs> configs) {
        return configs.stream().collect(Collectors.toMap(CreatableTopicConfigs::name, Function.identity()));
    }

    @Test
    void createsWithBrokerDefaultsAndReportsWhatWasCreated() {
        CreatableTopicResult r = createOne(topic("orders", -1, -1));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.errorMessage()).isNull();
        assertThat(r.numPartitions()).isEqualTo(1);
        assertThat(r.replicationFactor()).isEqualTo((short) 1);
        TopicImage created = image("orders");
        assertThat(r.topicId()).isEqualTo(created.id()).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(created.partitionCount()).isEqualTo(1);
        assertThat(created.partition(0).replicas()).containsExactly(BrokerTestContext.NODE_ID);
        assertThat(created.configs()).isEmpty();
    }

    @Test
    void reportsEveryEffectiveConfigWithItsSource() {
        CreatableTopic t = topic("orders", 1, 1);
        t.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("1000"));
        CreatableTopicResult r = createOne(t);

        assertThat(r.configs()).extracting(CreatableTopicConfigs::name)
                .containsExactlyElementsOf(TopicConfigDef.keys().keySet());
        Map<String, CreatableTopicConfigs> configs = byName(r.configs());
        assertThat(configs.get("retention.ms").value()).isEqualTo("1000");
        assertThat(configs.get("retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(configs.get("segment.bytes").value()).isEqualTo("536870912");
        assertThat(configs.get("segment.bytes").configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(configs.get("cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(r.configs()).allSatisfy(c -> {
            assertThat(c.readOnly()).isFalse();
            assertThat(c.isSensitive()).isFalse();
        });
        assertThat(image("orders").configs()).containsExactly(Map.entry("retention.ms", "1000"));
    }

    @Test
    void createsExplicitPartitionCount() {
        CreatableTopicResult r = createOne(topic("orders", 3, 1));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.numPartitions()).isEqualTo(3);
        assertThat(image("orders").partitions().keySet()).containsExactly(0, 1, 2);
    }

    @Test
    void createsManualAssignments() {
        broker.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        CreatableTopic t = topic("orders", -1, -1);
        t.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(1).setBrokerIds(List.of(2)));
        t.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));
        CreatableTopicResult r = createOne(t);

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.numPartitions()).isEqualTo(2);
        assertThat(r.replicationFactor()).isEqualTo((short) 1);
        TopicImage created = image("orders");
        assertThat(created.partition(0).replicas()).containsExactly(1);
        assertThat(created.partition(1).replicas()).containsExactly(2);
        assertThat(created.partition(1).leader()).isEqualTo(2);
    }

    @Test
    void placesSeveralReplicasWithTheFirstAsLeaderAndAllInSync() {
        broker.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        CreatableTopic t = topic("pairs", -1, -1);
        t.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(2, 1)));
        CreatableTopicResult r = createOne(t);
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.replicationFactor()).isEqualTo((short) 2);
        TopicImage created = image("pairs");
        assertThat(created.partition(0).replicas()).containsExactly(2, 1);
        assertThat(created.partition(0).isr()).containsExactly(2, 1);
        assertThat(created.partition(0).leader()).isEqualTo(2);

        CreatableTopicResult tooMany = createOne(topic("triples", 1, 3));
        assertThat(tooMany.errorCode()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(tooMany.errorMessage()).contains("only 2 broker(s) are registered");
    }

    @Test
    void validateOnlyCommitsNothingButReportsTheDefaultsThatWouldApply() {
        long offset = broker.context().image().offset();
        CreateTopicsResponseData response = create(7, true, topic("orders", -1, -1));

        CreatableTopicResult r = response.topics().iterator().next();
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.numPartitions()).isEqualTo(1);
        assertThat(r.replicationFactor()).isEqualTo((short) 1);
        assertThat(r.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(r.configs()).hasSize(TopicConfigDef.keys().size());
        assertThat(broker.context().image().topic("orders")).isEmpty();
        assertThat(broker.context().image().offset()).isEqualTo(offset);
    }

    @Test
    void validateOnlyStillReportsErrors() {
        createOne(topic("orders", 1, 1));
        CreateTopicsResponseData response = create(7, true, topic("orders", 1, 1), topic("bad name", 1, 1));

        assertThat(response.topics()).extracting(CreatableTopicResult::errorCode)
                .containsExactly(Errors.TOPIC_ALREADY_EXISTS.code(), Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    @Test
    void rejectsAnExistingTopic() {
        createOne(topic("orders", 1, 1));
        CreatableTopicResult r = createOne(topic("orders", 2, 1));

        assertThat(r.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
        assertThat(r.errorMessage()).isEqualTo("Topic 'orders' already exists.");
        assertThat(r.numPartitions()).isEqualTo(-1);
        assertThat(r.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(image("orders").partitionCount()).isEqualTo(1);
    }

    @Test
    void rejectsInvalidNames() {
        assertThat(createOne(topic("bad name", 1, 1)).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(createOne(topic("..", 1, 1)).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(createOne(topic("x".repeat(250), 1, 1)).errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(broker.context().image().topics()).isEmpty();
    }

    @Test
    void rejectsBadPartitionCounts() {
        CreatableTopicResult zero = createOne(topic("t0", 0, 1));
        assertThat(zero.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(zero.errorMessage()).isNotBlank();
        assertThat(createOne(topic("t1", -2, 1)).errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(createOne(topic("t2", 1_000_000, 1)).errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
    }

    @Test
    void rejectsBadReplicationFactors() {
        assertThat(createOne(topic("t0", 1, 0)).errorCode()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        CreatableTopicResult tooMany = createOne(topic("t1", 1, 3));
        assertThat(tooMany.errorCode()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(tooMany.errorMessage()).contains("3");
        assertThat(broker.context().image().topics()).isEmpty();
    }

    @Test
    void rejectsBadAssignments() {
        CreatableTopic withCount = topic("t0", 1, -1);
        withCount.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));
        assertThat(createOne(withCount).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());

        CreatableTopic unknownBroker = topic("t1", -1, -1);
        unknownBroker.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(7)));
        assertThat(createOne(unknownBroker).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());

        CreatableTopic gap = topic("t2", -1, -1);
        gap.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(1).setBrokerIds(List.of(1)));
        assertThat(createOne(gap).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());

        CreatableTopic twice = topic("t3", -1, -1);
        twice.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));
        twice.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));
        CreatableTopicResult r = createOne(twice);
        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
        assertThat(r.errorMessage()).isEqualTo("Found multiple manual partition assignments for partition 0");
        assertThat(broker.context().image().topics()).isEmpty();
    }

    @Test
    void rejectsUnknownConfigs() {
        CreatableTopic t = topic("orders", 1, 1);
        t.configs().add(new CreatableTopicConfig().setName("no.such.config").setValue("1"));
        CreatableTopicResult r = createOne(t);

        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(r.errorMessage()).contains("no.such.config");
        assertThat(broker.context().image().topic("orders")).isEmpty();
    }

    @Test
    void rejectsBadConfigValues() {
        CreatableTopic t = topic("orders", 1, 1);
        t.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("soon"));
        assertThat(createOne(t).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());

        CreatableTopic policy = topic("orders", 1, 1);
        policy.configs().add(new CreatableTopicConfig().setName("cleanup.policy").setValue("shred"));
        assertThat(createOne(policy).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
    }

    @Test
    void rejectsNullConfigValues() {
        CreatableTopic t = topic("orders", 1, 1);
        t.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue(null));
        CreatableTopicResult r = createOne(t);

        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(r.errorMessage()).isEqualTo("Null value not supported for topic configs: retention.ms");
    }

    @Test
    void rejectsDuplicateNamesOnceAndCreatesTheRest() {
        CreateTopicsResponseData response = create(7, false, topic("dup", 1, 1), topic("ok", 1, 1), topic("dup", 2, 1));

        assertThat(response.topics()).extracting(CreatableTopicResult::name).containsExactly("dup", "ok");
        CreatableTopicResult dup = response.topics().find("dup");
        assertThat(dup.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(dup.errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(response.topics().find("ok").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.context().image().topics().keySet()).containsExactly("ok");
    }

    @Test
    void olderVersionsGetNoDetails() {
        CreateTopicsResponseData v4 = create(4, false, topic("t4", 2, 1));
        CreatableTopicResult r4 = v4.topics().iterator().next();
        assertThat(r4.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r4.numPartitions()).isEqualTo(-1);
        assertThat(r4.configs()).isEmpty();

        CreateTopicsResponseData v6 = create(6, false, topic("t6", 2, 1));
        CreatableTopicResult r6 = v6.topics().iterator().next();
        assertThat(r6.numPartitions()).isEqualTo(2);
        assertThat(r6.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(broker.context().image().topic("t4").map(TopicImage::partitionCount)).contains(2);
    }

    @Test
    void mapsTheRequestTopicToTheControllersNewTopic() {
        CreatableTopic t = topic("orders", -1, -1);
        t.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(1).setBrokerIds(List.of(2, 3)));
        t.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(3, 2)));
        t.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("5"));
        t.configs().add(new CreatableTopicConfig().setName("flush.ms").setValue(null));

        NewTopic n = CreateTopicsHandler.toNewTopic(t);

        assertThat(n.name()).isEqualTo("orders");
        assertThat(n.numPartitions()).isEqualTo(-1);
        assertThat(n.replicationFactor()).isEqualTo((short) -1);
        assertThat(n.assignments()).containsExactly(Map.entry(0, List.of(3, 2)), Map.entry(1, List.of(2, 3)));
        assertThat(n.configs()).containsEntry("retention.ms", "5").containsEntry("flush.ms", null).hasSize(2);
        assertThat(CreateTopicsHandler.checkAssignments(t)).isNull();
    }

    @Test
    void placesPartitionsOnTheRegisteredBrokers() {
        broker.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        CreatableTopicResult r = createOne(topic("spread", 4, 1));

        assertThat(r.replicationFactor()).isEqualTo((short) 1);
        assertThat(image("spread").partitions().values()).extracting(p -> p.replicas().get(0))
                .containsOnly(1, 2).contains(1, 2);
    }
}
