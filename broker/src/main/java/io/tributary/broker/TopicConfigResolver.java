package io.tributary.broker;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import io.tributary.storage.LogConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves a topic's effective configs in Kafka's order: the topic's own override, else the
 * broker-level synonym set dynamically for this broker, else set dynamically cluster-wide (both
 * from the metadata image), else set statically in {@code server.properties}, else Kafka's
 * default. Stateless apart from the immutable static defaults and the image supplier it holds.
 */
public final class TopicConfigResolver {

    /** Where an effective value came from, as DescribeConfigs reports it. */
    public enum Source { TOPIC, DYNAMIC_BROKER, DYNAMIC_DEFAULT, BROKER, DEFAULT }

    /** An effective topic config value and its origin. */
    public record Resolved(String name, String value, Source source) {}

    private final LogConfig brokerLogDefaults;
    private final BrokerConfigView brokerConfig;
    private final String nodeId;
    private final Supplier<MetadataImage> images;

    public TopicConfigResolver(LogConfig brokerLogDefaults, BrokerConfigView brokerConfig, int nodeId,
            Supplier<MetadataImage> images) {
        this.brokerLogDefaults = brokerLogDefaults;
        this.brokerConfig = brokerConfig;
        this.nodeId = Integer.toString(nodeId);
        this.images = images;
    }

    /**
     * The log config of {@code topic} in {@code image}: static broker defaults, overlaid with the
     * dynamic broker defaults, overlaid with the topic's overrides. A dynamic value that cannot be
     * applied is ignored (it was validated when set).
     */
    public LogConfig logConfig(MetadataImage image, TopicImage topic) {
        LogConfig base = brokerLogDefaults;
        Map<String, String> dynamic = dynamicTopicDefaults(image);
        if (!dynamic.isEmpty()) {
            try {
                base = base.with(dynamic);
            } catch (IllegalArgumentException e) {
                base = brokerLogDefaults;
            }
        }
        return base.with(topic.configs());
    }

    /** The log config of {@code topic} against the newest image. */
    public LogConfig logConfig(TopicImage topic) {
        return logConfig(images.get(), topic);
    }

    /** Topic-level names with the values the dynamic broker configs give them (per broker wins). */
    public Map<String, String> dynamicTopicDefaults(MetadataImage image) {
        Map<String, String> out = new HashMap<>();
        for (TopicConfigDef.Key key : TopicConfigDef.keys().values()) {
            if (key.brokerSynonym() == null) {
                continue;
            }
            dynamicValue(image, key).ifPresent(r -> out.put(key.name(), r.value()));
        }
        return out;
    }

    /** Whether the dynamic broker configs that apply to this node differ between two images. */
    public boolean dynamicConfigsChanged(MetadataImage previous, MetadataImage current) {
        return !previous.brokerConfigs("").equals(current.brokerConfigs(""))
                || !previous.brokerConfigs(nodeId).equals(current.brokerConfigs(nodeId));
    }

    /** The newest metadata image. */
    public MetadataImage image() {
        return images.get();
    }

    /** This node's id as a broker config resource name. */
    public String nodeId() {
        return nodeId;
    }

    public LogConfig brokerLogDefaults() {
        return brokerLogDefaults;
    }

    public Optional<Resolved> resolve(TopicImage topic, String name) {
        return resolve(images.get(), topic, name);
    }

    public Optional<Resolved> resolve(MetadataImage image, TopicImage topic, String name) {
        TopicConfigDef.Key key = TopicConfigDef.key(name).orElse(null);
        if (key == null) {
            return Optional.empty();
        }
        String own = topic == null ? null : topic.configs().get(name);
        if (own != null) {
            return Optional.of(new Resolved(name, own, Source.TOPIC));
        }
        if (key.brokerSynonym() != null) {
            Optional<Resolved> dynamic = dynamicValue(image, key);
            if (dynamic.isPresent()) {
                return dynamic;
            }
            if (brokerConfig.isExplicit(key.brokerSynonym())) {
                Optional<String> v = brokerConfig.value(key.brokerSynonym());
                if (v.isPresent()) {
                    return Optional.of(new Resolved(name, v.get(), Source.BROKER));
                }
            }
        }
        return Optional.of(new Resolved(name, key.defaultValue(), Source.DEFAULT));
    }

    /** The dynamic broker config of a topic key, per broker first, then cluster-wide. */
    private Optional<Resolved> dynamicValue(MetadataImage image, TopicConfigDef.Key key) {
        for (String resource : new String[] {nodeId, ""}) {
            Map<String, String> configs = image.brokerConfigs(resource);
            Source source = resource.isEmpty() ? Source.DYNAMIC_DEFAULT : Source.DYNAMIC_BROKER;
            String v = configs.get(key.brokerSynonym());
            if (v != null) {
                return Optional.of(new Resolved(key.name(), v, source));
            }
            if (key.name().equals("retention.ms")) {
                String minutes = configs.get("log.retention.minutes");
                String hours = configs.get("log.retention.hours");
                if (minutes != null) {
                    return Optional.of(new Resolved(key.name(),
                            Long.toString(Long.parseLong(minutes.trim()) * 60_000L), source));
                }
                if (hours != null) {
                    return Optional.of(new Resolved(key.name(),
                            Long.toString(Long.parseLong(hours.trim()) * 3_600_000L), source));
                }
            }
            if (key.name().equals("segment.ms") && configs.get("log.roll.hours") != null) {
                return Optional.of(new Resolved(key.name(),
                        Long.toString(Long.parseLong(configs.get("log.roll.hours").trim()) * 3_600_000L), source));
            }
        }
        return Optional.empty();
    }

    /** The topic's {@code min.insync.replicas}. */
    public int minInsyncReplicas(TopicImage topic) {
        return resolve(topic, "min.insync.replicas").map(r -> Integer.parseInt(r.value().trim())).orElse(1);
    }
}
