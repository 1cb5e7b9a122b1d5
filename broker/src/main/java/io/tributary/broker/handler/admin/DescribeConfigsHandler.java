package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerConfigView;
import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.BrokerConfigDef;
import io.tributary.network.api.RequestContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * DescribeConfigs (v1-4), as Kafka's broker answers it (ConfigHelper):
 * <ul>
 *   <li>TOPIC: every topic config with its effective value and source; synonyms on request
 *       (topic override, explicitly set broker synonym, default); UNKNOWN_TOPIC_OR_PARTITION for
 *       an unknown topic, INVALID_TOPIC_EXCEPTION for an illegal name.</li>
 *   <li>BROKER with this node's id: the broker configuration; dynamic configs (see
 *       {@code BrokerConfigDef}) are writable and, when set for this broker or cluster-wide, show
 *       that value with source DYNAMIC_BROKER_CONFIG / DYNAMIC_DEFAULT_BROKER_CONFIG; the others
 *       are read-only. BROKER "" (cluster default): only the dynamic cluster-wide defaults, as
 *       Kafka. Another broker id or a non-numeric name: INVALID_REQUEST.</li>
 *   <li>BROKER_LOGGER with this node's id: an empty list (log levels are not exposed); otherwise
 *       INVALID_REQUEST as for BROKER.</li>
 *   <li>Other known types (GROUP, CLIENT_METRICS): INVALID_REQUEST for that resource. An unknown
 *       type id fails the whole request with INVALID_REQUEST, as Kafka's authorization step does.</li>
 * </ul>
 * A null or empty {@code configurationKeys} means all configs; unknown keys are ignored. Values of
 * sensitive configs are never returned.
 */
public final class DescribeConfigsHandler extends TypedHandler<DescribeConfigsRequest> {

    private final BrokerContext broker;

    public DescribeConfigsHandler(BrokerContext broker) {
        super(ApiKeys.DESCRIBE_CONFIGS, 1, 4, DescribeConfigsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeConfigsRequest request) {
        DescribeConfigsRequestData data = request.data();
        for (DescribeConfigsResource r : data.resources()) {
            if (ConfigResource.Type.forId(r.resourceType()) == ConfigResource.Type.UNKNOWN) {
                throw new InvalidRequestException("Unexpected resource type " + r.resourceType()
                        + " for resource " + r.resourceName());
            }
        }
        MetadataImage image = broker.image();
        boolean includeDocs = ctx.apiVersion() >= 3 && data.includeDocumentation();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource r : data.resources()) {
            DescribeConfigsResult result;
            try {
                result = describe(image, r, data.includeSynonyms(), includeDocs);
            } catch (ApiException e) {
                ApiError error = ApiError.fromThrowable(e);
                result = new DescribeConfigsResult().setErrorCode(error.error().code())
                        .setErrorMessage(error.message());
            }
            response.results().add(result.setResourceType(r.resourceType()).setResourceName(r.resourceName()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeConfigsResult describe(MetadataImage image, DescribeConfigsResource r, boolean synonyms,
            boolean docs) {
        ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
        return switch (type) {
            case TOPIC -> describeTopic(image, r, synonyms, docs);
            case BROKER -> describeBroker(image, r, synonyms, docs);
            case BROKER_LOGGER -> {
                if (r.resourceName() == null || r.resourceName().isEmpty()) {
                    throw new InvalidRequestException("Broker id must not be empty");
                }
                int id = brokerId(r.resourceName());
                if (id != broker.settings().nodeId()) {
                    throw new InvalidRequestException("Unexpected broker id, expected " + broker.settings().nodeId()
                            + " but received " + r.resourceName());
                }
                yield new DescribeConfigsResult().setErrorCode(Errors.NONE.code());
            }
            default -> throw new InvalidRequestException("Unsupported resource type: " + type);
        };
    }

    private DescribeConfigsResult describeTopic(MetadataImage image, DescribeConfigsResource r, boolean synonyms,
            boolean docs) {
        Topic.validate(r.resourceName());
        TopicImage topic = image.topic(r.resourceName()).orElse(null);
        if (topic == null) {
            return new DescribeConfigsResult().setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        DescribeConfigsResult out = new DescribeConfigsResult().setErrorCode(Errors.NONE.code());
        for (TopicConfigEntries.Entry e : TopicConfigEntries.all(broker.topicConfigs(), broker.brokerConfig(), topic)) {
            if (!wanted(r, e.name())) {
                continue;
            }
            DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(e.name()).setValue(e.value())
                    .setConfigSource(e.source().id()).setIsSensitive(false).setReadOnly(false)
                    .setConfigType(e.key().type().describeCode()).setDocumentation(null);
            if (synonyms) {
                for (TopicConfigEntries.Synonym s : e.synonyms()) {
                    c.synonyms().add(new DescribeConfigsSynonym().setName(s.name()).setValue(s.value())
                            .setSource(s.source().id()));
                }
            }
            out.configs().add(c);
        }
        return out;
    }

    private DescribeConfigsResult describeBroker(MetadataImage image, DescribeConfigsResource r, boolean synonyms,
            boolean docs) {
        DescribeConfigsResult out = new DescribeConfigsResult().setErrorCode(Errors.NONE.code());
        if (r.resourceName() == null || r.resourceName().isEmpty()) {
            // Cluster-wide dynamic defaults only, as Kafka (none can be set yet, so usually empty).
            for (Map.Entry<String, String> e : new TreeMap<>(image.brokerConfigs("")).entrySet()) {
                if (!wanted(r, e.getKey())) {
                    continue;
                }
                DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(e.getKey())
                        .setValue(e.getValue()).setConfigSource(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id())
                        .setIsSensitive(false).setReadOnly(false)
                        .setConfigType(BrokerConfigDef.key(e.getKey()).map(k -> k.type().describeCode())
                                .orElse(ConfigType.UNKNOWN.id()));
                if (synonyms) {
                    c.synonyms().add(new DescribeConfigsSynonym().setName(e.getKey()).setValue(e.getValue())
                            .setSource(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id()));
                }
                out.configs().add(c);
            }
            return out;
        }
        int id = brokerId(r.resourceName());
        if (id != broker.settings().nodeId()) {
            throw new InvalidRequestException("Unexpected broker id, expected " + broker.settings().nodeId()
                    + " or empty string, but received " + r.resourceName());
        }
        Map<String, String> perBroker = image.brokerConfigs(r.resourceName());
        Map<String, String> clusterDefault = image.brokerConfigs("");
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (BrokerConfigView.Entry e : broker.brokerConfig().entries()) {
            listed.add(e.name());
            if (wanted(r, e.name())) {
                out.configs().add(withDynamic(brokerEntry(broker.brokerConfig(), e, synonyms, docs), e.name(),
                        perBroker, clusterDefault, synonyms));
            }
        }
        for (String name : new java.util.TreeSet<>(BrokerConfigDef.keys().keySet())) {
            boolean set = perBroker.containsKey(name) || clusterDefault.containsKey(name);
            if (listed.contains(name) || !set || !wanted(r, name)) {
                continue;
            }
            DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(name)
                    .setIsSensitive(false).setReadOnly(false).setDocumentation(null)
                    .setConfigType(BrokerConfigDef.keys().get(name).type().describeCode());
            out.configs().add(withDynamic(c, name, perBroker, clusterDefault, synonyms));
        }
        return out;
    }

    /**
     * One static broker config as DescribeConfigs shows it: read-only, sourced STATIC_BROKER_CONFIG
     * when set explicitly and DEFAULT_CONFIG otherwise; a sensitive value is never shown.
     */
    static DescribeConfigsResourceResult brokerEntry(BrokerConfigView view, BrokerConfigView.Entry e,
            boolean includeSynonyms, boolean docs) {
        String value = e.isSensitive() ? null : e.value();
        boolean explicit = view.isExplicit(e.name());
        ConfigSource source = explicit ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
        DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(e.name()).setValue(value)
                .setConfigSource(source.id()).setIsSensitive(e.isSensitive()).setReadOnly(true)
                .setConfigType(configType(e.type()).id())
                .setDocumentation(docs ? e.documentation() : null);
        // Kafka lists the static value, then the default; the view knows only the effective value.
        if (includeSynonyms && (explicit || e.value() != null)) {
            c.synonyms().add(new DescribeConfigsSynonym().setName(e.name()).setValue(value).setSource(source.id()));
        }
        return c;
    }

    /**
     * Marks a dynamic broker config as writable and, when it is set dynamically for this broker or
     * cluster-wide, reports that value and source first, as Kafka does.
     */
    private static DescribeConfigsResourceResult withDynamic(DescribeConfigsResourceResult c, String name,
            Map<String, String> perBroker, Map<String, String> clusterDefault, boolean synonyms) {
        if (BrokerConfigDef.key(name).isEmpty()) {
            return c;
        }
        c.setReadOnly(false);
        List<DescribeConfigsSynonym> dynamic = new java.util.ArrayList<>();
        if (perBroker.containsKey(name)) {
            dynamic.add(new DescribeConfigsSynonym().setName(name).setValue(perBroker.get(name))
                    .setSource(ConfigSource.DYNAMIC_BROKER_CONFIG.id()));
        }
        if (clusterDefault.containsKey(name)) {
            dynamic.add(new DescribeConfigsSynonym().setName(name).setValue(clusterDefault.get(name))
                    .setSource(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id()));
        }
        if (!dynamic.isEmpty()) {
            c.setValue(dynamic.get(0).value()).setConfigSource(dynamic.get(0).source());
            if (synonyms) {
                c.synonyms().addAll(0, dynamic);
            }
        }
        return c;
    }

    /** Kafka's DescribeConfigs type for a broker config type name (BOOLEAN, INT, ...); UNKNOWN if unrecognised. */
    static ConfigType configType(String type) {
        if (type == null) {
            return ConfigType.UNKNOWN;
        }
        try {
            return ConfigType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ConfigType.UNKNOWN;
        }
    }

    private static boolean wanted(DescribeConfigsResource r, String name) {
        List<String> keys = r.configurationKeys();
        return keys == null || keys.isEmpty() || keys.contains(name);
    }

    private static int brokerId(String resourceName) {
        try {
            return Integer.parseInt(resourceName);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + resourceName);
        }
    }
}
