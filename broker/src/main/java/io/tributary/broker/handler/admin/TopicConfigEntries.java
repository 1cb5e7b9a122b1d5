package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerConfigView;
import io.tributary.broker.TopicConfigResolver;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * The effective configs of a topic as CreateTopics (v5+) and DescribeConfigs report them: every
 * {@link TopicConfigDef} key with its value, where the value came from and, for DescribeConfigs,
 * its synonyms in Kafka's order (topic override, explicitly set broker synonym, default).
 * Stateless.
 */
final class TopicConfigEntries {

    /** One synonym of a config: a name that could supply its value, the value there and the source. */
    record Synonym(String name, String value, ConfigSource source) {}

    /** One effective topic config. {@code synonyms.get(0).source() == source} whenever synonyms is not empty. */
    record Entry(TopicConfigDef.Key key, String value, ConfigSource source, List<Synonym> synonyms) {

        String name() {
            return key.name();
        }
    }

    private TopicConfigEntries() {}

    /** Every known topic config of {@code topic}, in {@link TopicConfigDef}'s (alphabetical) order. */
    static List<Entry> all(TopicConfigResolver resolver, BrokerConfigView brokerConfig, TopicImage topic) {
        List<Entry> out = new ArrayList<>(TopicConfigDef.keys().size());
        for (TopicConfigDef.Key key : TopicConfigDef.keys().values()) {
            out.add(entry(resolver, brokerConfig, topic, key));
        }
        return out;
    }

    /** The config {@code name} of {@code topic}, if it is a known topic config. */
    static Optional<Entry> one(TopicConfigResolver resolver, BrokerConfigView brokerConfig, TopicImage topic,
            String name) {
        return TopicConfigDef.key(name).map(key -> entry(resolver, brokerConfig, topic, key));
    }

    private static Entry entry(TopicConfigResolver resolver, BrokerConfigView brokerConfig, TopicImage topic,
            TopicConfigDef.Key key) {
        TopicConfigResolver.Resolved resolved = resolver.resolve(topic, key.name())
                .orElseThrow(() -> new IllegalStateException("unresolvable topic config " + key.name()));
        List<Synonym> synonyms = new ArrayList<>(3);
        if (resolved.source() == TopicConfigResolver.Source.TOPIC) {
            synonyms.add(new Synonym(key.name(), resolved.value(), ConfigSource.TOPIC_CONFIG));
        }
        String brokerKey = key.brokerSynonym();
        if (brokerKey != null) {
            MetadataImage image = resolver.image();
            String perBroker = image.brokerConfigs(resolver.nodeId()).get(brokerKey);
            if (perBroker != null) {
                synonyms.add(new Synonym(brokerKey, perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG));
            }
            String clusterDefault = image.brokerConfigs("").get(brokerKey);
            if (clusterDefault != null) {
                synonyms.add(new Synonym(brokerKey, clusterDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
            }
            if (brokerConfig.isExplicit(brokerKey)) {
                brokerConfig.value(brokerKey).ifPresent(
                        v -> synonyms.add(new Synonym(brokerKey, v, ConfigSource.STATIC_BROKER_CONFIG)));
            }
            synonyms.add(new Synonym(brokerKey, key.defaultValue(), ConfigSource.DEFAULT_CONFIG));
        }
        return new Entry(key, resolved.value(), source(resolved.source()), List.copyOf(synonyms));
    }

    /** Kafka's DescribeConfigs source for a resolver source. */
    static ConfigSource source(TopicConfigResolver.Source source) {
        return switch (source) {
            case TOPIC -> ConfigSource.TOPIC_CONFIG;
            case DYNAMIC_BROKER -> ConfigSource.DYNAMIC_BROKER_CONFIG;
            case DYNAMIC_DEFAULT -> ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case BROKER -> ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG;
        };
    }
}
