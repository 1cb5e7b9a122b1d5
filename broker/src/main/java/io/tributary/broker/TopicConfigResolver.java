package io.tributary.broker;

import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import io.tributary.storage.LogConfig;
import java.util.Optional;

/**
 * Resolves a topic's effective configs: the topic's own override, else the broker-level synonym,
 * else Kafka's default. Stateless apart from the immutable broker defaults it holds.
 */
public final class TopicConfigResolver {

    /** Where an effective value came from, as DescribeConfigs reports it. */
    public enum Source { TOPIC, BROKER, DEFAULT }

    /** An effective topic config value and its origin. */
    public record Resolved(String name, String value, Source source) {}

    private final LogConfig brokerLogDefaults;
    private final BrokerConfigView brokerConfig;

    public TopicConfigResolver(LogConfig brokerLogDefaults, BrokerConfigView brokerConfig) {
        this.brokerLogDefaults = brokerLogDefaults;
        this.brokerConfig = brokerConfig;
    }

    /** The log config of {@code topic}: broker defaults overlaid with the topic's overrides. */
    public LogConfig logConfig(TopicImage topic) {
        return brokerLogDefaults.with(topic.configs());
    }

    public LogConfig brokerLogDefaults() {
        return brokerLogDefaults;
    }

    public Optional<Resolved> resolve(TopicImage topic, String name) {
        TopicConfigDef.Key key = TopicConfigDef.key(name).orElse(null);
        if (key == null) {
            return Optional.empty();
        }
        String own = topic == null ? null : topic.configs().get(name);
        if (own != null) {
            return Optional.of(new Resolved(name, own, Source.TOPIC));
        }
        if (key.brokerSynonym() != null && brokerConfig.isExplicit(key.brokerSynonym())) {
            Optional<String> v = brokerConfig.value(key.brokerSynonym());
            if (v.isPresent()) {
                return Optional.of(new Resolved(name, v.get(), Source.BROKER));
            }
        }
        return Optional.of(new Resolved(name, key.defaultValue(), Source.DEFAULT));
    }

    /** The topic's {@code min.insync.replicas}. */
    public int minInsyncReplicas(TopicImage topic) {
        return resolve(topic, "min.insync.replicas").map(r -> Integer.parseInt(r.value().trim())).orElse(1);
    }
}
