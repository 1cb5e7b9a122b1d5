package io.tributary.server;

import com.sun.net.httpserver.HttpHandler;
import io.tributary.http.TributaryMetrics;
import io.tributary.registry.RegistrySettings;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.rest.RegistryHttpHandler;
import io.tributary.registry.rest.RegistryRest;
import io.tributary.registry.schema.CompatibilityLevel;
import io.tributary.server.config.ConfigException;
import io.tributary.server.config.ServerConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Time;

/**
 * The node's schema registry: built before the HTTP endpoints (which serve its REST API), told the node's
 * Kafka address once the listeners are up, closed before the broker. Settings, from the server config:
 * {@code schema.registry.enable} (default true), {@code schema.compatibility.level} (default backward) and
 * {@code kafkastore.topic} (default {@code _schemas}), Confluent's names.
 *
 * <p>Thread-safety: {@link #nodeStarted} and {@link #close} are called by the node's start and close.
 */
final class SchemaRegistryService implements AutoCloseable {

    private static final int MAX_BODY_BYTES = 16 << 20;

    private final SchemaRegistry registry;
    private final Map<String, HttpHandler> contexts;

    private SchemaRegistryService(SchemaRegistry registry, Map<String, HttpHandler> contexts) {
        this.registry = registry;
        this.contexts = contexts;
    }

    static SchemaRegistryService create(ServerConfig config, TributaryMetrics metrics) {
        Map<String, String> props = config.originals();
        if (!Boolean.parseBoolean(props.getOrDefault("schema.registry.enable", "true").trim())) {
            return new SchemaRegistryService(null, Map.of());
        }
        RegistrySettings defaults = RegistrySettings.defaults();
        String level = props.getOrDefault("schema.compatibility.level", defaults.defaultCompatibility().name());
        CompatibilityLevel compatibility = CompatibilityLevel.parse(level).orElseThrow(() -> new ConfigException(
                "schema.compatibility.level", level, "one of " + Arrays.toString(CompatibilityLevel.values())));
        RegistrySettings settings = new RegistrySettings(props.getOrDefault("kafkastore.topic", defaults.topic()),
                compatibility, defaults.timeout(), defaults.maxSchemaBytes());
        SchemaRegistry registry = new SchemaRegistry(settings, Time.SYSTEM);
        RegistryRest rest = new RegistryRest(registry, registry::clusterId, metrics.registry(), Time.SYSTEM);
        HttpHandler handler = new RegistryHttpHandler(rest, MAX_BODY_BYTES);
        Map<String, HttpHandler> contexts = new LinkedHashMap<>();
        contexts.put("/", handler);
        RegistryRest.PREFIXES.forEach(p -> contexts.put(p, handler));
        return new SchemaRegistryService(registry, contexts);
    }

    /** The HTTP contexts (path prefix to handler) of the registry's REST API. */
    Map<String, HttpHandler> httpContexts() {
        return contexts;
    }

    /** The node accepts Kafka clients at {@code bootstrap}: the registry may start its store. */
    void nodeStarted(String bootstrap) {
        if (registry != null) {
            registry.bootstrap(bootstrap);
        }
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
