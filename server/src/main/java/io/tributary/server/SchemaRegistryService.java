package io.tributary.server;

import com.sun.net.httpserver.HttpHandler;
import io.tributary.broker.schema.SchemaLookup;
import io.tributary.http.TributaryMetrics;
import io.tributary.registry.RegistrySettings;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.WriterLocator;
import io.tributary.registry.rest.RegistryHttpHandler;
import io.tributary.registry.rest.RegistryPaths;
import io.tributary.registry.rest.RegistryRest;
import io.tributary.registry.rest.WriteForwarder;
import io.tributary.registry.schema.CompatibilityLevel;
import io.tributary.server.config.BrokerConfigs;
import io.tributary.server.config.ConfigException;
import io.tributary.server.config.ServerConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Time;

/**
 * The node's schema registry: its HTTP contexts are handed to the HTTP endpoints at start, it is told the
 * node's Kafka address once the listeners are up, and closed before the broker. Nothing of the registry is
 * built until its first request (so a node that never serves one pays nothing at start): then the registry,
 * its REST API and meters, and at once its store ({@code _schemas}, created if missing).
 *
 * <p>Settings, from the server config, Confluent's names: {@code schema.registry.enable} (default true),
 * {@code schema.compatibility.level} (default backward), {@code kafkastore.topic} (default
 * {@code _schemas}) and {@code kafkastore.topic.replication.factor} (default 3 capped at the voters). In a
 * cluster every node serves reads from its own view of the topic and forwards writes to the node leading its
 * partition ({@link RegistryWriterLocator}, {@link WriteForwarder}).
 *
 * <p>Thread-safety: thread-safe.
 */
final class SchemaRegistryService implements AutoCloseable {

    private static final int MAX_BODY_BYTES = 16 << 20;

    private final RegistrySettings settings;
    private final TributaryMetrics metrics;
    private final Map<String, HttpHandler> contexts = new LinkedHashMap<>();
    private String bootstrap;
    private SchemaRegistry registry;
    private volatile HttpHandler handler;
    private volatile WriterLocator locator = WriterLocator.LOCAL;
    private boolean closed;

    private SchemaRegistryService(RegistrySettings settings, TributaryMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        if (settings != null) {
            HttpHandler lazy = exchange -> handler().handle(exchange);
            contexts.put("/", lazy);
            RegistryPaths.PREFIXES.forEach(p -> contexts.put(p, lazy));
        }
    }

    /** The service for {@code config}; one with no HTTP contexts when the registry is disabled. */
    static SchemaRegistryService create(ServerConfig config, TributaryMetrics metrics) {
        if (!config.getBoolean(BrokerConfigs.SCHEMA_REGISTRY_ENABLE)) {
            return new SchemaRegistryService(null, metrics);
        }
        String level = config.getString(BrokerConfigs.SCHEMA_COMPATIBILITY_LEVEL);
        CompatibilityLevel compatibility = CompatibilityLevel.parse(level).orElseThrow(() -> new ConfigException(
                BrokerConfigs.SCHEMA_COMPATIBILITY_LEVEL, level, "one of "
                        + Arrays.toString(CompatibilityLevel.values())));
        RegistrySettings defaults = RegistrySettings.defaults();
        short replication = (short) config.getInt(BrokerConfigs.KAFKASTORE_TOPIC_REPLICATION_FACTOR);
        return new SchemaRegistryService(new RegistrySettings(config.getString(BrokerConfigs.KAFKASTORE_TOPIC),
                replication, compatibility, defaults.timeout(), defaults.maxSchemaBytes()), metrics);
    }

    private HttpHandler handler() {
        HttpHandler h = handler;
        return h != null ? h : build();
    }

    private synchronized HttpHandler build() {
        if (handler == null) {
            registry = new SchemaRegistry(settings, Time.SYSTEM);
            if (bootstrap != null) {
                registry.bootstrap(bootstrap);
            }
            if (closed) {
                registry.close();
            }
            RegistryRest rest = new RegistryRest(registry, registry::clusterId, metrics.registry(), Time.SYSTEM);
            WriterLocator writer = () -> locator.remoteWriter();
            handler = new RegistryHttpHandler(rest, MAX_BODY_BYTES,
                    new WriteForwarder(registry, writer, settings.timeout()));
        }
        return handler;
    }

    /** What the broker's schema validation asks of this registry; {@link SchemaLookup#NONE} when it is disabled. */
    SchemaLookup schemaLookup() {
        return settings == null ? SchemaLookup.NONE : new RegistrySchemaLookup(this::registry);
    }

    private synchronized SchemaRegistry registry() {
        build();
        return registry;
    }

    /** The HTTP contexts (path prefix to handler) of the registry's REST API. */
    Map<String, HttpHandler> httpContexts() {
        return contexts;
    }

    /** Whether the node serves the registry. */
    boolean enabled() {
        return settings != null;
    }

    /** The registry's topic ({@code kafkastore.topic}); null when the registry is disabled. */
    String topic() {
        return settings == null ? null : settings.topic();
    }

    /**
     * The node accepts Kafka clients at {@code servers}: the registry may start its store; its writes go to the
     * node {@code writer} names.
     */
    synchronized void nodeStarted(String servers, WriterLocator writer) {
        this.locator = writer;
        this.bootstrap = servers;
        if (registry != null) {
            registry.bootstrap(servers);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (registry != null) {
            registry.close();
        }
    }
}
