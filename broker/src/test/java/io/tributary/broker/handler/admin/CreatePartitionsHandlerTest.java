package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreatePartitionsHandlerTest {

    private BrokerTestContext broker;
    private CreatePartitionsHandler handler;

    @BeforeEach
    void start() {
        broker = BrokerTestContext.metadataOnly(TestBrokerConfig.defaults());
        handler = new CreatePartitionsHandler(broker.context());
        createTopic("orders", 1);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private void createTopic(String name, int partitions) {
        broker.context().controller()
                .createTopics(List.of(new NewTopic(name, partitions, (short) 1, Map.of(), Map.of())), false).join();
    }

    private static CreatePartitionsTopic grow(String name, int count, List<List<Integer>> assignments) {
        CreatePartitionsTopic t = new CreatePartitionsTopic().setName(name).setCount(count);
        if (assignments == null) {
            t.setAssignments(null);
        } else {
            List<CreatePartitionsAssignment> list = new ArrayList<>();
            assignments.forEach(a -> list.add(new CreatePartitionsAssignment().setBrokerIds(a)));
            t.setAssignments(list);
        }
        return t;
    }

    private List<CreatePartitionsTopicResult> call(int version, boolean validateOnly, CreatePartitionsTopic... topics) {
        CreatePartitionsRequestData data = new CreatePartitionsRequestData().setTimeoutMs(30_000)
                .setValidateOnly(validateOnly);
        for (CreatePartitionsTopic t : topics) {
            data.topics().add(t.duplicate());
        }
        CreatePartitionsResponseData response = broker.call(handler,
                new CreatePartitionsRequest.Builder(data).build((short) version));
        return response.results();
    }

    private int partitions(String name) {
        return broker.context().image().topic(name).map(TopicImage::partitionCount).orElseThrow();
    }

    @Test
    void growsATopic() {
        List<CreatePartitionsTopicResult> results = call(3, false, grow("orders", 3, null));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("orders");
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(r.errorMessage()).isNull();
        });
        assertThat(partitions("orders")).isEqualTo(3);
    }

    @Test
    void growsAtTheOldestVersion() {
        assertThat(call(0, false, grow("orders", 2, null)).get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitions("orders")).isEqualTo(2);
    }

    @Test
    void cannotShrinkOrStayTheSame() {
        createTopic("wide", 4);
        List<CreatePartitionsTopicResult> results = call(3, false, grow("wide", 2, null), grow("orders", 1, null));

        assertThat(results).extracting(CreatePartitionsTopicResult::errorCode)
                .containsExactly(Errors.INVALID_PARTITIONS.code(), Errors.INVALID_PARTITIONS.code());
        assertThat(results.get(0).errorMessage()).contains("4").contains("2");
        assertThat(partitions("wide")).isEqualTo(4);
        assertThat(partitions("orders")).isEqualTo(1);
    }

    @Test
    void unknownTopic() {
        assertThat(call(3, false, grow("missing", 2, null)).get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void placesNewPartitionsAsAssigned() {
        broker.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        List<CreatePartitionsTopicResult> results = call(3, false, grow("orders", 3, List.of(List.of(2), List.of(1))));

        assertThat(results.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        TopicImage t = broker.context().image().topic("orders").orElseThrow();
        assertThat(t.partition(1).replicas()).containsExactly(2);
        assertThat(t.partition(2).replicas()).containsExactly(1);
    }

    @Test
    void rejectsBadAssignments() {
        broker.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        List<CreatePartitionsTopicResult> results = call(3, false,
                grow("orders", 3, List.of(List.of(2))));
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());

        results = call(3, false, grow("orders", 2, List.of(List.of(1, 2))));
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());

        results = call(3, false, grow("orders", 2, List.of(List.of(9))));
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
        assertThat(partitions("orders")).isEqualTo(1);
    }

    @Test
    void validateOnlyChangesNothing() {
        List<CreatePartitionsTopicResult> results = call(3, true, grow("orders", 5, null), grow("orders2", 5, null));

        assertThat(results).extracting(CreatePartitionsTopicResult::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(partitions("orders")).isEqualTo(1);
    }

    @Test
    void duplicateTopicIsRejectedAndUntouched() {
        createTopic("other", 1);
        List<CreatePartitionsTopicResult> results = call(3, false,
                grow("orders", 2, null), grow("other", 2, null), grow("orders", 3, null));

        assertThat(results).extracting(CreatePartitionsTopicResult::name).containsExactly("orders", "other");
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitions("orders")).isEqualTo(1);
        assertThat(partitions("other")).isEqualTo(2);
    }

    @Test
    void mapsTheRequestToTheControllersNewPartitions() {
        NewPartitions none = CreatePartitionsHandler.toNewPartitions(grow("t", 4, null));
        NewPartitions some = CreatePartitionsHandler.toNewPartitions(
                grow("t", 3, List.of(List.of(1, 2), List.of(2, 1))));

        assertThat(none).isEqualTo(new NewPartitions("t", 4, null));
        assertThat(some).isEqualTo(new NewPartitions("t", 3, List.of(List.of(1, 2), List.of(2, 1))));
    }
}
