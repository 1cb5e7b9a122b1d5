package io.tributary.metadata.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The broker configs that may be changed at run time (Kafka's dynamic broker configs), set
 * cluster-wide (resource name {@code ""}) or for one broker (its id): the broker-level synonyms of
 * the topic configs, which become the defaults of topics without their own override, and the
 * cleaner's throttle. Any other broker config is read-only. Immutable and shared.
 */
public final class BrokerConfigDef {

    private static final Map<String, TopicConfigDef.Key> KEYS = build();

    private BrokerConfigDef() {}

    /** The dynamic broker configs, with their types and valid ranges. */
    public static Map<String, TopicConfigDef.Key> keys() {
        return KEYS;
    }

    public static Optional<TopicConfigDef.Key> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    private static Map<String, TopicConfigDef.Key> build() {
        Map<String, TopicConfigDef.Key> m = new LinkedHashMap<>();
        for (TopicConfigDef.Key k : TopicConfigDef.keys().values()) {
            if (k.brokerSynonym() != null) {
                m.put(k.brokerSynonym(), new TopicConfigDef.Key(k.brokerSynonym(), k.type(), k.defaultValue(), null,
                        k.min(), k.allowed()));
            }
        }
        add(m, "log.retention.minutes", ConfigType.INT, null, -1);
        add(m, "log.retention.hours", ConfigType.INT, "168", -1);
        add(m, "log.roll.hours", ConfigType.INT, "168", 1);
        // the cleaner's throttle applies at once; its thread count and buffer are read at start-up
        add(m, "log.cleaner.io.max.bytes.per.second", ConfigType.DOUBLE, Double.toString(Double.MAX_VALUE), 0);
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, TopicConfigDef.Key> m, String name, ConfigType type, String dflt, double min) {
        m.put(name, new TopicConfigDef.Key(name, type, dflt, null, min, Set.of()));
    }
}
