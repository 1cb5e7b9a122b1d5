package io.tributary.server;

import com.sun.net.httpserver.HttpHandler;
import io.tributary.broker.Broker;
import io.tributary.broker.BrokerSettings;
import io.tributary.broker.MetadataWiring;
import io.tributary.metadata.quorum.QuorumSettings;
import io.tributary.server.config.QuorumConfig;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.http.HttpEndpoints;
import io.tributary.http.TributaryMetrics;
import io.tributary.network.ApiVersionsHandler;
import io.tributary.network.Endpoint;
import io.tributary.network.NetworkConfig;
import io.tributary.network.NetworkServer;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.server.config.ListenerSpec;
import io.tributary.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tributary.network.api.ApiHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tributary node: broker, metadata controller and their listeners, in this process.
 *
 * <p>Embedded use, e.g. in a JUnit test:
 *
 * <pre>{@code
 * try (Tributary node = Tributary.embedded().start()) {
 *     props.put("bootstrap.servers", node.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * An embedded node listens on ephemeral loopback ports (Kafka and HTTP) and keeps its data in a temporary
 * directory that {@link #close()} deletes, unless a directory is given with
 * {@link Builder#dataDir(Path)}.
 *
 * <p>Lifecycle: start once, close once (idempotent); close is a clean shutdown that flushes
 * every log and leaves the clean-shutdown marker.
 */
public final class Tributary implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tributary.class);
    /** Where a voter of a replicated quorum keeps its Raft log and snapshots, in the first log dir. */
    public static final String QUORUM_DIR = "__cluster_metadata-raft";

    private static final long CONTROLLED_SHUTDOWN_TIMEOUT_MS = 10_000;
    private static final long REGISTRATION_TIMEOUT_MS = 120_000;

    private final ServerConfig config;
    private final Broker broker;
    private final NetworkServer network;
    private final HandlerRegistry registry;
    private final HttpEndpoints http;
    private final SchemaRegistryService schemaRegistry;
    private final TributaryMetrics metrics;
    private final AtomicBoolean ready;
    private final Path deleteOnClose;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private Tributary(ServerConfig config, Broker broker, NetworkServer network, HandlerRegistry registry,
            HttpEndpoints http, SchemaRegistryService schemaRegistry, TributaryMetrics metrics, AtomicBoolean ready,
            Path deleteOnClose) {
        this.config = config;
        this.broker = broker;
        this.network = network;
        this.registry = registry;
        this.http = http;
        this.schemaRegistry = schemaRegistry;
        this.metrics = metrics;
        this.ready = ready;
        this.deleteOnClose = deleteOnClose;
    }

    /** A builder for an embedded node on an ephemeral port with a temporary data directory. */
    public static Builder embedded() {
        return new Builder();
    }

    /** Starts a node with {@code config}; returns once every listener accepts connections. */
    public static Tributary start(ServerConfig config) {
        return start(config, null);
    }

    /**
     * Start order: the HTTP endpoints and the JVM meters on a thread of their own (live, not ready,
     * so {@code /health/live} answers during log recovery), beside the broker, the Kafka listeners and
     * the broker registration on this thread; then, once both are done, ready. A failure of either
     * (an HTTP address that cannot be bound included) fails the start and closes what was started.
     */
    private static Tributary start(ServerConfig config, Path deleteOnClose) {
        TributaryMetrics metrics = new TributaryMetrics();
        AtomicBoolean ready = new AtomicBoolean();
        SchemaRegistryService schemaRegistry = SchemaRegistryService.create(config, metrics);
        AtomicReference<Broker> started = new AtomicReference<>();
        Map<String, HttpHandler> contexts = new LinkedHashMap<>(schemaRegistry.httpContexts());
        contexts.put("/cluster/metadata", new MetadataEndpoint(started)); // not /v1/metadata: the registry's
        CompletableFuture<HttpEndpoints> httpStart = CompletableFuture.supplyAsync(() -> {
            HttpEndpoints endpoints = HttpEndpoints.start(config.httpListeners(), metrics, ready::get, contexts);
            metrics.bindJvmMetrics();
            return endpoints;
        }, task -> {
            Thread t = new Thread(task, "tributary-http-start");
            t.setDaemon(true);
            t.start();
        });
        Broker broker;
        try {
            broker = Broker.start(settings(config), new ServerConfigView(config), config.logDefaults(),
                    config.logDirs(), Time.SYSTEM, metrics, metadataWiring(config));
        } catch (IOException e) {
            abandon(httpStart, metrics);
            throw new UncheckedIOException("Could not open the logs in " + config.logDirs(), e);
        } catch (RuntimeException e) {
            abandon(httpStart, metrics);
            throw e;
        }
        started.set(broker);
        NetworkServer network = null;
        HandlerRegistry registry = new HandlerRegistry();
        ServingGate gate = new ServingGate();
        HttpEndpoints http;
        try {
            broker.schemaValidation().use(schemaRegistry.schemaLookup());
            broker.handlers().forEach(h -> registry.register(gate.guard(h)));
            registry.register(new ApiVersionsHandler(registry, broker::identity));
            network = new NetworkServer(networkConfig(config), registry, Time.SYSTEM, metrics);
            network.start();
            http = awaitHttp(httpStart);
            broker.register(advertised(config, network, schemaRegistry.enabled() ? http.port(0) : -1),
                    config.getString(ServerConfig.BROKER_RACK_KEY), REGISTRATION_TIMEOUT_MS);
            gate.open();
        } catch (RuntimeException e) {
            if (network != null) {
                try {
                    network.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            closeQuietly(broker);
            abandon(httpStart, metrics);
            throw e;
        }
        NetworkServer listening = network;
        metrics.bind(broker.context().replicaManager(), listening::connectionCount);
        metrics.bindGroups(broker.groups()::committedOffsets);
        ready.set(true);
        Tributary node = new Tributary(config, broker, listening, registry, http, schemaRegistry, metrics, ready,
                deleteOnClose);
        schemaRegistry.nodeStarted(node.bootstrapServers(), new RegistryWriterLocator(broker.context()::image,
                config.nodeId(), schemaRegistry.topic()));
        return node;
    }

    /** The started HTTP endpoints, or the exception their start threw. */
    private static HttpEndpoints awaitHttp(CompletableFuture<HttpEndpoints> httpStart) {
        try {
            return httpStart.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** After a failed start: waits for the HTTP start to end, closes the endpoints if they started, and the meters. */
    private static void abandon(CompletableFuture<HttpEndpoints> httpStart, TributaryMetrics metrics) {
        try {
            httpStart.join().close();
        } catch (CompletionException e) {
            // the HTTP start failed too; the broker's failure is the one reported
        }
        metrics.close();
    }

    private static BrokerSettings settings(ServerConfig config) {
        return new BrokerSettings(config.nodeId(), config.autoCreateTopicsEnable(), config.numPartitions(),
                (short) config.defaultReplicationFactor(), config.minInsyncReplicas());
    }

    /** The single-node metadata log, or this node's voter of the replicated quorum. */
    private static MetadataWiring metadataWiring(ServerConfig config) {
        QuorumConfig quorum = config.quorum();
        Path metadataDir = config.logDirs().get(0);
        if (!quorum.isReplicated()) {
            DataDirCheck.check(metadataDir, metadataDir.resolve(QUORUM_DIR), quorum, null, null);
            return MetadataWiring.local(metadataDir, config.nodeId(), Time.SYSTEM);
        }
        QuorumSettings settings = new QuorumSettings(config.nodeId(), quorum.voters(),
                metadataDir.resolve(QUORUM_DIR), config.getInt(ServerConfig.ELECTION_TIMEOUT_KEY));
        DataDirCheck.check(metadataDir, settings.storageDir(), quorum, settings.votersString(),
                settings.groupId().getUuid().toString());
        return MetadataWiring.replicated(settings, Time.SYSTEM);
    }

    /** The Kafka listeners this node serves itself: all but the controller listener of a replicated quorum. */
    private static List<ListenerSpec> kafkaListeners(ServerConfig config) {
        String controller = config.quorum().controllerListener();
        return config.listeners().stream().filter(l -> !l.name().equals(controller)).toList();
    }

    private static NetworkConfig networkConfig(ServerConfig config) {
        NetworkConfig.Builder b = NetworkConfig.builder()
                .networkThreads(config.numNetworkThreads())
                .maxRequestBytes(config.socketRequestMaxBytes())
                .socketSendBufferBytes(config.socketSendBufferBytes())
                .socketReceiveBufferBytes(config.socketReceiveBufferBytes());
        for (ListenerSpec l : kafkaListeners(config)) {
            b.endpoint(new Endpoint(l.name(), l.host(), l.port(), l.securityProtocol()));
        }
        return b.build();
    }

    /**
     * Advertised endpoints, with ephemeral ports replaced by the ports actually bound, and when {@code registryPort}
     * is positive the node's schema registry (its first HTTP listener), so other nodes can forward writes to it.
     */
    private static List<BrokerEndpoint> advertised(ServerConfig config, NetworkServer network, int registryPort) {
        List<BrokerEndpoint> out = new ArrayList<>();
        for (ListenerSpec l : config.advertisedListeners()) {
            int port = l.port() == 0 ? network.boundPort(l.name()) : l.port();
            String host = l.isWildcard() ? "127.0.0.1" : l.host();
            out.add(new BrokerEndpoint(l.name(), host, port, l.securityProtocol().name()));
        }
        if (registryPort > 0) {
            String host = config.httpListeners().get(0).getHost();
            boolean wildcard = host == null || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::");
            String kafkaHost = out.isEmpty() ? "127.0.0.1" : out.get(0).host();
            out.add(RegistryWriterLocator.endpoint(wildcard ? kafkaHost : host.replace("[", "").replace("]", ""),
                    registryPort));
        }
        return out;
    }

    /** host:port of the first listener, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        ListenerSpec first = kafkaListeners(config).get(0);
        String host = first.isWildcard() ? "127.0.0.1" : first.host();
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + network.boundPort(first.name());
    }

    /** The port bound for listener {@code name} (e.g. PLAINTEXT). */
    public int port(String listenerName) {
        return network.boundPort(listenerName);
    }

    /**
     * The port of the first HTTP listener ({@code /metrics}, {@code /health/*}); differs from the configured one
     * when that was 0.
     */
    public int httpPort() {
        return http.port(0);
    }

    /** The node's meters, as served on {@code /metrics}. */
    public TributaryMetrics metrics() {
        return metrics;
    }

    public ServerConfig config() {
        return config;
    }

    /** The first log directory. */
    public Path dataDir() {
        return config.logDirs().get(0);
    }

    public Broker broker() {
        return broker;
    }

    /** Every API this node serves, ApiVersions included: what its ApiVersions response advertises. */
    public Collection<ApiHandler> apis() {
        return registry.all();
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Clean shutdown: stop listeners, flush logs, write checkpoints and the clean-shutdown marker. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        ready.set(false);
        try {
            schemaRegistry.close();
            broker.shutdownGracefully(CONTROLLED_SHUTDOWN_TIMEOUT_MS);
            network.close();
            closeQuietly(broker);
            http.close();
            metrics.close();
            if (deleteOnClose != null) {
                deleteRecursively(deleteOnClose);
            }
        } finally {
            closed.countDown();
        }
    }

    private static void closeQuietly(Broker broker) {
        try {
            broker.close();
        } catch (IOException | RuntimeException e) {
            LOG.error("Broker shutdown failed", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    /** Builds an embedded node; every setting can be overridden with Kafka's key names. */
    public static final class Builder {

        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Path dataDir;

        private Builder() {
            overrides.put("listeners", "PLAINTEXT://127.0.0.1:0");
            overrides.put("http.listeners", "http://127.0.0.1:0");
        }

        /** Sets one server config, e.g. {@code config("num.partitions", "3")}. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Keeps data in {@code dir} (not deleted on close), so a later node can reopen it. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Tributary start() {
            Path temp = null;
            Path dir = dataDir;
            if (dir == null) {
                try {
                    temp = Files.createTempDirectory("tributary-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                dir = temp;
            }
            Map<String, String> props = new LinkedHashMap<>(overrides);
            props.putIfAbsent("log.dirs", dir.toString());
            try {
                return Tributary.start(ServerConfig.load(Optional.empty(), props), temp);
            } catch (RuntimeException e) {
                if (temp != null) {
                    deleteRecursively(temp);
                }
                throw e;
            }
        }
    }
}
