package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.config.TopicConfigDef;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeConfigsHandlerTest {

    private BrokerTestContext broker;
    private DescribeConfigsHandler handler;

    @BeforeEach
    void start() {
        broker = BrokerTestContext.metadataOnly(new TestBrokerConfig(Map.of(
                "log.segment.bytes", "536870912",
                "ssl.keystore.password", "secret")));
        handler = new DescribeConfigsHandler(broker.context());
        broker.context().controller().createTopics(List.of(new NewTopic("orders", 1, (short) 1, Map.of(),
                        Map.of("retention.ms", "1000", "segment.bytes", "1048576"))), false).join();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private static DescribeConfigsResource resource(ConfigResource.Type type, String name, String... keys) {
        return new DescribeConfigsResource().setResourceType(type.id()).setResourceName(name)
                .setConfigurationKeys(keys.length == 0 ? null : Arrays.asList(keys));
    }

    private List<DescribeConfigsResult> describe(int version, boolean synonyms, boolean docs,
            DescribeConfigsResource... resources) {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData().setIncludeSynonyms(synonyms)
                .setIncludeDocumentation(docs).setResources(Arrays.asList(resources));
        DescribeConfigsResponseData response = broker.call(handler,
                new DescribeConfigsRequest.Builder(data).build((short) version));
        return response.results();
    }

    private DescribeConfigsResult describeOne(int version, boolean synonyms, DescribeConfigsResource resource) {
        List<DescribeConfigsResult> results = describe(version, synonyms, false, resource);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static Map<String, DescribeConfigsResourceResult> byName(DescribeConfigsResult result) {
        return result.configs().stream()
                .collect(Collectors.toMap(DescribeConfigsResourceResult::name, Function.identity()));
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }

    @Test
    void describesEveryTopicConfigWithItsSource() {
        DescribeConfigsResult r = describeOne(4, false, resource(ConfigResource.Type.TOPIC, "orders"));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.resourceName()).isEqualTo("orders");
        assertThat(r.resourceType()).isEqualTo(ConfigResource.Type.TOPIC.id());
        assertThat(r.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactlyElementsOf(TopicConfigDef.keys().keySet());
        Map<String, DescribeConfigsResourceResult> configs = byName(r);
        assertThat(configs.get("retention.ms").value()).isEqualTo("1000");
        assertThat(configs.get("retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(configs.get("retention.ms").configType()).isEqualTo(ConfigType.LONG.id());
        assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(configs.get("cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(configs.get("cleanup.policy").configType()).isEqualTo(ConfigType.LIST.id());
        assertThat(configs.get("preallocate").configType()).isEqualTo(ConfigType.BOOLEAN.id());
        assertThat(r.configs()).allSatisfy(c -> {
            assertThat(c.readOnly()).isFalse();
            assertThat(c.isSensitive()).isFalse();
            assertThat(c.synonyms()).isEmpty();
            assertThat(c.documentation()).isNull();
        });
    }

    @Test
    void brokerSetValuesOverrideDefaultsForTopicsWithoutTheirOwn() {
        broker.context().controller().createTopics(List.of(new NewTopic("plain", 1, (short) 1, Map.of(), Map.of())),
                false).join();
        DescribeConfigsResourceResult segment = byName(
                describeOne(4, true, resource(ConfigResource.Type.TOPIC, "plain"))).get("segment.bytes");

        assertThat(segment.value()).isEqualTo("536870912");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(segment.synonyms()).containsExactly(
                synonym("log.segment.bytes", "536870912", ConfigSource.STATIC_BROKER_CONFIG),
                synonym("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void synonymsListTopicThenBrokerThenDefault() {
        Map<String, DescribeConfigsResourceResult> configs = byName(
                describeOne(4, true, resource(ConfigResource.Type.TOPIC, "orders")));

        assertThat(configs.get("segment.bytes").synonyms()).containsExactly(
                synonym("segment.bytes", "1048576", ConfigSource.TOPIC_CONFIG),
                synonym("log.segment.bytes", "536870912", ConfigSource.STATIC_BROKER_CONFIG),
                synonym("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG));
        assertThat(configs.get("retention.ms").synonyms()).containsExactly(
                synonym("retention.ms", "1000", ConfigSource.TOPIC_CONFIG),
                synonym("log.retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG));
        // No broker-level synonym: nothing to list.
        assertThat(configs.get("remote.storage.enable").synonyms()).isEmpty();
        assertThat(configs.get("remote.storage.enable").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
    }

    @Test
    void onlyTheRequestedKeys() {
        DescribeConfigsResult r = describeOne(4, false,
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms", "no.such.key", "cleanup.policy"));

        assertThat(r.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactly("cleanup.policy", "retention.ms");
    }

    @Test
    void emptyKeyListMeansAll() {
        DescribeConfigsResource all = resource(ConfigResource.Type.TOPIC, "orders").setConfigurationKeys(List.of());

        assertThat(describeOne(4, false, all).configs()).hasSize(TopicConfigDef.keys().size());
    }

    @Test
    void unknownAndInvalidTopics() {
        List<DescribeConfigsResult> results = describe(4, false, false,
                resource(ConfigResource.Type.TOPIC, "missing"),
                resource(ConfigResource.Type.TOPIC, "bad name"),
                resource(ConfigResource.Type.TOPIC, "orders"));

        assertThat(results).extracting(DescribeConfigsResult::resourceName)
                .containsExactly("missing", "bad name", "orders");
        assertThat(results).extracting(DescribeConfigsResult::errorCode).containsExactly(
                Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.INVALID_TOPIC_EXCEPTION.code(), Errors.NONE.code());
        assertThat(results.get(0).configs()).isEmpty();
        assertThat(results.get(1).configs()).isEmpty();
        assertThat(results.get(1).errorMessage()).isNotBlank();
    }

    @Test
    void oldestVersionOmitsTypeAndDocumentation() {
        DescribeConfigsResult r = describeOne(1, true, resource(ConfigResource.Type.TOPIC, "orders", "retention.ms"));

        DescribeConfigsResourceResult c = r.configs().get(0);
        assertThat(c.value()).isEqualTo("1000");
        assertThat(c.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(c.configType()).isEqualTo(ConfigType.UNKNOWN.id());
        assertThat(c.synonyms()).hasSize(2);
    }

    @Test
    void describesThisBroker() {
        List<DescribeConfigsResult> results = describe(4, true, true,
                resource(ConfigResource.Type.BROKER, Integer.toString(BrokerTestContext.NODE_ID)));
        DescribeConfigsResult r = results.get(0);

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactlyElementsOf(
                        broker.context().brokerConfig().entries().stream().map(e -> e.name()).toList());
        Map<String, DescribeConfigsResourceResult> configs = byName(r);
        DescribeConfigsResourceResult segment = configs.get("log.segment.bytes");
        assertThat(segment.value()).isEqualTo("536870912");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(segment.configType()).isEqualTo(ConfigType.INT.id());
        assertThat(segment.documentation()).isEqualTo("Segment size");
        assertThat(segment.synonyms()).containsExactly(
                synonym("log.segment.bytes", "536870912", ConfigSource.STATIC_BROKER_CONFIG));
        DescribeConfigsResourceResult partitions = configs.get("num.partitions");
        assertThat(partitions.value()).isEqualTo("1");
        assertThat(partitions.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(partitions.synonyms()).containsExactly(synonym("num.partitions", "1", ConfigSource.DEFAULT_CONFIG));
        DescribeConfigsResourceResult password = configs.get("ssl.keystore.password");
        assertThat(password.isSensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(password.configType()).isEqualTo(ConfigType.PASSWORD.id());
        assertThat(password.synonyms()).extracting(DescribeConfigsSynonym::value).containsOnlyNulls();
        // dynamic broker configs are writable, the others read-only
        assertThat(r.configs()).allSatisfy(c -> assertThat(c.readOnly())
                .isEqualTo(io.tributary.metadata.config.BrokerConfigDef.key(c.name()).isEmpty()));
        assertThat(segment.readOnly()).isFalse();
        assertThat(partitions.readOnly()).isTrue();
    }

    @Test
    void describesSelectedBrokerKeys() {
        DescribeConfigsResult r = describeOne(3, false,
                resource(ConfigResource.Type.BROKER, Integer.toString(BrokerTestContext.NODE_ID), "num.partitions"));

        assertThat(r.configs()).extracting(DescribeConfigsResourceResult::name).containsExactly("num.partitions");
        assertThat(r.configs().get(0).synonyms()).isEmpty();
        assertThat(r.configs().get(0).documentation()).isNull();
    }

    @Test
    void clusterDefaultHoldsOnlyDynamicDefaults() {
        DescribeConfigsResult r = describeOne(4, false, resource(ConfigResource.Type.BROKER, ""));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.configs()).isEmpty();
    }

    @Test
    void otherBrokersAndNonNumericNamesAreInvalid() {
        List<DescribeConfigsResult> results = describe(4, false, false,
                resource(ConfigResource.Type.BROKER, "2"),
                resource(ConfigResource.Type.BROKER, "one"),
                resource(ConfigResource.Type.BROKER_LOGGER, ""),
                resource(ConfigResource.Type.BROKER_LOGGER, "2"));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(r.configs()).isEmpty();
        });
        assertThat(results.get(0).errorMessage())
                .isEqualTo("Unexpected broker id, expected 1 or empty string, but received 2");
        assertThat(results.get(1).errorMessage()).isEqualTo("Broker id must be an integer, but it is: one");
    }

    @Test
    void brokerLoggersAreAnEmptyList() {
        DescribeConfigsResult r = describeOne(4, false, resource(ConfigResource.Type.BROKER_LOGGER, "1"));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.configs()).isEmpty();
    }

    @Test
    void unsupportedResourceTypesFailThatResource() {
        List<DescribeConfigsResult> results = describe(4, false, false,
                resource(ConfigResource.Type.GROUP, "g"),
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms"));

        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("Unsupported resource type: GROUP");
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void unknownResourceTypeFailsTheRequest() {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsResource().setResourceType((byte) 99).setResourceName("x")));

        assertThat(BrokerTestContext.handle(handler, new DescribeConfigsRequest.Builder(data).build((short) 4)))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(InvalidRequestException.class);
    }
}
