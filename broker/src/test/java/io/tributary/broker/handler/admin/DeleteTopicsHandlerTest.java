package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeleteTopicsHandlerTest {

    private BrokerTestContext broker;
    private DeleteTopicsHandler handler;

    @BeforeEach
    void start() {
        broker = BrokerTestContext.metadataOnly(TestBrokerConfig.defaults());
        handler = new DeleteTopicsHandler(broker.context());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private Uuid create(String name) {
        broker.context().controller().createTopics(List.of(new NewTopic(name, 2, (short) 1, Map.of(), Map.of())),
                false).join();
        return broker.context().image().topic(name).map(TopicImage::id).orElseThrow();
    }

    private List<DeletableTopicResult> byName(int version, String... names) {
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(30_000).setTopicNames(List.of(names));
        DeleteTopicsResponseData response = broker.call(handler,
                new DeleteTopicsRequest.Builder(data).build((short) version));
        return List.copyOf(response.responses());
    }

    private List<DeletableTopicResult> byState(DeleteTopicState... topics) {
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(30_000).setTopics(List.of(topics));
        DeleteTopicsResponseData response = broker.call(handler,
                new DeleteTopicsRequest.Builder(data).build((short) 6));
        return List.copyOf(response.responses());
    }

    @Test
    void deletesByName() {
        create("a");
        create("b");
        List<DeletableTopicResult> results = byName(5, "a", "missing");

        assertThat(results).extracting(DeletableTopicResult::name).containsExactly("a", "missing");
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(results.get(0).errorMessage()).isNull();
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(1).errorMessage()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
        assertThat(broker.context().image().topics().keySet()).containsExactly("b");
    }

    @Test
    void deletesByNameAtTheOldestVersion() {
        create("a");
        List<DeletableTopicResult> results = byName(1, "a");

        assertThat(results).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(broker.context().image().topics()).isEmpty();
    }

    @Test
    void deletesByNameAtV6AndReportsTheId() {
        Uuid id = create("a");
        List<DeletableTopicResult> results = byName(6, "a");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("a");
            assertThat(r.topicId()).isEqualTo(id);
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        });
        assertThat(broker.context().image().topics()).isEmpty();
    }

    @Test
    void deletesById() {
        Uuid id = create("a");
        List<DeletableTopicResult> results = byState(new DeleteTopicState().setTopicId(id));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("a");
            assertThat(r.topicId()).isEqualTo(id);
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        });
        assertThat(broker.context().image().topic(id)).isEmpty();
    }

    @Test
    void unknownIdIsUnknownTopicId() {
        Uuid unknown = Uuid.randomUuid();
        List<DeletableTopicResult> results = byState(new DeleteTopicState().setTopicId(unknown));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isNull();
            assertThat(r.topicId()).isEqualTo(unknown);
            assertThat(r.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        });
    }

    @Test
    void nameAndIdTogetherOrNeitherIsInvalid() {
        Uuid id = create("a");
        List<DeletableTopicResult> results = byState(
                new DeleteTopicState().setName("a").setTopicId(id),
                new DeleteTopicState());

        assertThat(results).extracting(DeletableTopicResult::errorCode)
                .containsExactly(Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("You may not specify both topic name and topic id.");
        assertThat(results.get(1).errorMessage()).isEqualTo("Neither topic name nor id were specified.");
        assertThat(broker.context().image().topic("a")).isPresent();
    }

    @Test
    void duplicatesAreRejectedOnceAndNotDeleted() {
        Uuid a = create("a");
        Uuid b = create("b");
        List<DeletableTopicResult> results = byState(
                new DeleteTopicState().setName("a"),
                new DeleteTopicState().setName("a"),
                new DeleteTopicState().setTopicId(b),
                new DeleteTopicState().setTopicId(b));

        assertThat(results).hasSize(2)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(results.get(0).errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(results.get(1).errorMessage()).isEqualTo("Duplicate topic id.");
        assertThat(broker.context().image().topic(a)).isPresent();
        assertThat(broker.context().image().topic(b)).isPresent();
    }

    @Test
    void aNameAndTheIdOfTheSameTopicAreRejected() {
        Uuid a = create("a");
        List<DeletableTopicResult> results = byState(
                new DeleteTopicState().setTopicId(a),
                new DeleteTopicState().setName("a"));

        assertThat(results).hasSize(2)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(broker.context().image().topic(a)).isPresent();
    }

    @Test
    void disabledDeletionFailsTheWholeRequest() throws Exception {
        broker.close();
        broker = BrokerTestContext.metadataOnly(TestBrokerConfig.defaults(), false);
        handler = new DeleteTopicsHandler(broker.context());
        create("a");
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTopicNames(List.of("a"));

        CompletableFuture<ApiMessage> v6 =
                BrokerTestContext.handle(handler, new DeleteTopicsRequest.Builder(data.duplicate()).build((short) 6));
        CompletableFuture<ApiMessage> v2 =
                BrokerTestContext.handle(handler, new DeleteTopicsRequest.Builder(data.duplicate()).build((short) 2));

        assertThat(v6).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().isInstanceOf(TopicDeletionDisabledException.class);
        assertThat(v2).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().isInstanceOf(InvalidRequestException.class);
        assertThat(broker.context().image().topic("a")).isPresent();
    }
}
