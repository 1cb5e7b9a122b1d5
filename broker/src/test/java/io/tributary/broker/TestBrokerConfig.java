package io.tributary.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small static broker configuration for tests: a few of Kafka's broker keys with their
 * defaults, some of them overridden explicitly.
 */
public final class TestBrokerConfig implements BrokerConfigView {

    private record Key(String name, String type, String defaultValue, boolean sensitive, String doc) {}

    private static final List<Key> KEYS = List.of(
            new Key("compression.type", "STRING", "producer", false, "Compression codec"),
            new Key("log.cleanup.policy", "LIST", "delete", false, "Cleanup policy"),
            new Key("log.retention.bytes", "LONG", "-1", false, "Retention size"),
            new Key("log.segment.bytes", "INT", "1073741824", false, "Segment size"),
            new Key("min.insync.replicas", "INT", "1", false, "Minimum ISR"),
            new Key("num.partitions", "INT", "1", false, "Default partition count"),
            new Key("ssl.keystore.password", "PASSWORD", null, true, "Keystore password"));

    private final Map<String, String> explicit;

    public TestBrokerConfig(Map<String, String> explicit) {
        this.explicit = new LinkedHashMap<>(explicit);
    }

    public static TestBrokerConfig defaults() {
        return new TestBrokerConfig(Map.of());
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Key k : KEYS) {
            String v = explicit.getOrDefault(k.name(), k.defaultValue());
            out.add(new Entry(k.name(), v, !explicit.containsKey(k.name()), k.sensitive(), true, k.type(), k.doc()));
        }
        return out;
    }

    @Override
    public Optional<String> value(String name) {
        if (explicit.containsKey(name)) {
            return Optional.ofNullable(explicit.get(name));
        }
        return KEYS.stream().filter(k -> k.name().equals(name)).map(Key::defaultValue).filter(v -> v != null)
                .findFirst();
    }

    @Override
    public boolean isExplicit(String name) {
        return explicit.containsKey(name);
    }
}
