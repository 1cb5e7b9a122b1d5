package io.tributary.server;

import io.tributary.broker.BrokerConfigView;
import io.tributary.server.config.BrokerConfigEntry;
import io.tributary.server.config.ConfigKey;
import io.tributary.server.config.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The broker's read-only view of the server configuration, for DescribeConfigs. Immutable. */
final class ServerConfigView implements BrokerConfigView {

    private final ServerConfig config;
    private final List<Entry> entries;

    ServerConfigView(ServerConfig config) {
        this.config = config;
        Map<String, ConfigKey> keys = ServerConfig.configKeys();
        this.entries = config.describe().stream()
                .map(e -> toEntry(e, keys.get(e.name())))
                .toList();
    }

    private static Entry toEntry(BrokerConfigEntry e, ConfigKey key) {
        return new Entry(e.name(), e.value(), e.isDefault(), e.isSensitive(), e.isReadOnly(),
                key == null ? "STRING" : key.type().name(), key == null ? null : key.doc());
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public Optional<String> value(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).map(Entry::value).filter(v -> v != null).findFirst();
    }

    @Override
    public boolean isExplicit(String name) {
        return config.originals().containsKey(name);
    }
}
