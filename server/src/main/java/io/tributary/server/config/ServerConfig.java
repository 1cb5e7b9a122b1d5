package io.tributary.server.config;

import static io.tributary.server.config.BrokerConfigs.*;

import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's configuration, read from Apache Kafka's {@code server.properties} keys (see
 * {@link BrokerConfigs} for the keys and defaults). Immutable; invalid values fail construction with
 * a {@link ConfigException} naming the key and value. Unknown keys are kept in {@link #originals()}
 * and logged as a warning.
 */
public final class ServerConfig {

    private static final Logger log = LoggerFactory.getLogger(ServerConfig.class);
    private static final String LOOPBACK = "127.0.0.1";
    public static final String BROKER_RACK_KEY = BROKER_RACK;
    public static final String ELECTION_TIMEOUT_KEY = CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS;

    private final Map<String, String> originals;
    private final Map<String, Object> values;
    private final int nodeId;
    private final Map<String, SecurityProtocol> protocolMap;
    private final List<ListenerSpec> listeners;
    private final List<ListenerSpec> advertisedListeners;
    private final String interBrokerListenerName;
    private final List<Path> logDirs;
    private final List<URI> httpListeners;
    private final long retentionMs;
    private final QuorumConfig quorum;

    private ServerConfig(Map<String, String> props) {
        this.originals = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        Map<String, Object> parsed = DEF.parse(props);
        this.nodeId = resolveNodeId(parsed);
        parsed.put(NODE_ID, nodeId);
        parsed.put(BROKER_ID, nodeId);
        defaultInternalReplication(props, parsed);
        this.values = Collections.unmodifiableMap(parsed);

        this.protocolMap = effectiveProtocolMap();
        this.listeners = Listeners.parse(LISTENERS, getList(LISTENERS), protocolMap);
        Listeners.checkPorts(LISTENERS, listeners);
        this.advertisedListeners = resolveAdvertised();
        this.interBrokerListenerName = resolveInterBrokerListener();
        this.logDirs = resolveLogDirs();
        this.httpListeners = parseHttpListeners();
        this.retentionMs = resolveRetentionMs();
        this.quorum = QuorumConfig.resolve(nodeId, processRoles(), getList(CONTROLLER_QUORUM_VOTERS),
                getList(CONTROLLER_QUORUM_BOOTSTRAP_SERVERS), controllerListenerNames(), listeners);
        try {
            io.tributary.broker.fetch.ReadReplicaSelector.of(getString("replica.selector.class"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("replica.selector.class", getString("replica.selector.class"), e.getMessage());
        }
        if (getInt(GROUP_MIN_SESSION_TIMEOUT_MS) > getInt(GROUP_MAX_SESSION_TIMEOUT_MS)) {
            throw new ConfigException(GROUP_MIN_SESSION_TIMEOUT_MS, getInt(GROUP_MIN_SESSION_TIMEOUT_MS),
                    "must not exceed " + GROUP_MAX_SESSION_TIMEOUT_MS + " (" + getInt(GROUP_MAX_SESSION_TIMEOUT_MS)
                            + ")");
        }
        for (String key : originals.keySet()) {
            if (!DEF.keys().containsKey(key)) {
                log.warn("The configuration '{}' was supplied but isn't a known config; ignored", key);
            }
        }
    }

    /**
     * Kafka's default replication factor of internal topics is 3, which a node alone cannot meet:
     * unless configured, it is 3 capped at the number of voters (every node of a cluster is one),
     * so 1 on a single node and 3 on clusters of three nodes or more.
     */
    private static void defaultInternalReplication(Map<String, String> props, Map<String, Object> parsed) {
        List<?> voters = (List<?>) parsed.get(CONTROLLER_QUORUM_VOTERS);
        short rf = (short) Math.max(1, Math.min(3, voters == null ? 0 : voters.size()));
        for (String key : List.of(OFFSETS_TOPIC_REPLICATION_FACTOR, TRANSACTION_STATE_LOG_REPLICATION_FACTOR,
                KAFKASTORE_TOPIC_REPLICATION_FACTOR)) {
            if (!props.containsKey(key)) {
                parsed.put(key, rf);
            }
        }
    }

    // ---- construction ----

    /** A config from key/value strings (Kafka's property names). */
    public static ServerConfig of(Map<String, String> props) {
        return new ServerConfig(props);
    }

    /** Every key at its default. */
    public static ServerConfig defaults() {
        return of(Map.of());
    }

    /**
     * Reads {@code propertiesFile} (Java properties, UTF-8) if present, then applies {@code overrides},
     * which win.
     *
     * @throws ConfigException when the file cannot be read or a value is invalid
     */
    public static ServerConfig load(Optional<Path> propertiesFile, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        propertiesFile.ifPresent(file -> merged.putAll(readProperties(file)));
        merged.putAll(overrides);
        return of(merged);
    }

    /** This config with {@code overrides} applied on top of its originals. */
    public ServerConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(originals);
        merged.putAll(overrides);
        return of(merged);
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Config file " + file + " does not exist or is not a regular file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k)));
        return m;
    }

    // ---- raw access ----

    /** The key/value strings this config was built from, unknown keys included. */
    public Map<String, String> originals() {
        return originals;
    }

    /** The parsed value of a defined key (null for an unset optional key). */
    public Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("Unknown configuration " + key);
        }
        return values.get(key);
    }

    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public List<String> getList(String key) {
        return ConfigType.castList(get(key));
    }

    // ---- identity and network ----

    public int nodeId() {
        return nodeId;
    }

    public Set<String> processRoles() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(getList(PROCESS_ROLES)));
    }

    public boolean isBroker() {
        return processRoles().contains("broker");
    }

    public boolean isController() {
        return processRoles().contains("controller");
    }

    /** The metadata quorum this node belongs to (a single node when no voters are configured). */
    public QuorumConfig quorum() {
        return quorum;
    }

    /** The listeners to bind, in configuration order. */
    public List<ListenerSpec> listeners() {
        return listeners;
    }

    /**
     * The listeners given to clients. Port 0 here means "the port {@link #listeners()} bound", which
     * only the running server knows.
     */
    public List<ListenerSpec> advertisedListeners() {
        return advertisedListeners;
    }

    /** Listener name to security protocol, including controller listeners defaulted to PLAINTEXT. */
    public Map<String, SecurityProtocol> listenerSecurityProtocolMap() {
        return protocolMap;
    }

    public String interBrokerListenerName() {
        return interBrokerListenerName;
    }

    public List<String> controllerListenerNames() {
        return getList(CONTROLLER_LISTENER_NAMES).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    public List<URI> httpListeners() {
        return httpListeners;
    }

    public int socketRequestMaxBytes() {
        return getInt(SOCKET_REQUEST_MAX_BYTES);
    }

    public int socketSendBufferBytes() {
        return getInt(SOCKET_SEND_BUFFER_BYTES);
    }

    public int socketReceiveBufferBytes() {
        return getInt(SOCKET_RECEIVE_BUFFER_BYTES);
    }

    public int numNetworkThreads() {
        return getInt(NUM_NETWORK_THREADS);
    }

    public int numIoThreads() {
        return getInt(NUM_IO_THREADS);
    }

    // ---- topics, groups, transactions ----

    public int numPartitions() {
        return getInt(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return getInt(DEFAULT_REPLICATION_FACTOR);
    }

    /** Whether segment files use direct I/O ({@code log.direct.io}). */
    public boolean logDirectIo() {
        return getBoolean(LOG_DIRECT_IO);
    }

    public boolean autoCreateTopicsEnable() {
        return getBoolean(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return getBoolean(DELETE_TOPIC_ENABLE);
    }

    public int messageMaxBytes() {
        return getInt(MESSAGE_MAX_BYTES);
    }

    public int minInsyncReplicas() {
        return getInt(MIN_INSYNC_REPLICAS);
    }

    public boolean uncleanLeaderElectionEnable() {
        return getBoolean(UNCLEAN_LEADER_ELECTION_ENABLE);
    }

    public String compressionType() {
        return getString(COMPRESSION_TYPE);
    }

    public int offsetsTopicNumPartitions() {
        return getInt(OFFSETS_TOPIC_NUM_PARTITIONS);
    }

    public short offsetsTopicReplicationFactor() {
        return (short) getInt(OFFSETS_TOPIC_REPLICATION_FACTOR);
    }

    public int transactionStateLogNumPartitions() {
        return getInt(TRANSACTION_STATE_LOG_NUM_PARTITIONS);
    }

    public short transactionStateLogReplicationFactor() {
        return (short) getInt(TRANSACTION_STATE_LOG_REPLICATION_FACTOR);
    }

    public int groupInitialRebalanceDelayMs() {
        return getInt(GROUP_INITIAL_REBALANCE_DELAY_MS);
    }

    // ---- logs ----

    public List<Path> logDirs() {
        return logDirs;
    }

    public int logSegmentBytes() {
        return getInt(LOG_SEGMENT_BYTES);
    }

    /** log.roll.ms, else log.roll.hours. */
    public long logRollMs() {
        Object ms = get(LOG_ROLL_MS);
        return ms != null ? (Long) ms : getInt(LOG_ROLL_HOURS) * 3_600_000L;
    }

    /** log.retention.ms, else minutes, else hours; any negative value is -1 (unlimited). */
    public long logRetentionMs() {
        return retentionMs;
    }

    public long logRetentionBytes() {
        return getLong(LOG_RETENTION_BYTES);
    }

    public int logIndexIntervalBytes() {
        return getInt(LOG_INDEX_INTERVAL_BYTES);
    }

    public int logIndexSizeMaxBytes() {
        return getInt(LOG_INDEX_SIZE_MAX_BYTES);
    }

    public long logFlushIntervalMessages() {
        return getLong(LOG_FLUSH_INTERVAL_MESSAGES);
    }

    /** log.flush.interval.ms, else log.flush.scheduler.interval.ms (Long.MAX_VALUE by default). */
    public long logFlushIntervalMs() {
        Object ms = get(LOG_FLUSH_INTERVAL_MS);
        return ms != null ? (Long) ms : logFlushSchedulerIntervalMs();
    }

    public long logFlushSchedulerIntervalMs() {
        return getLong(LOG_FLUSH_SCHEDULER_INTERVAL_MS);
    }

    public int logFlushOffsetCheckpointIntervalMs() {
        return getInt(LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS);
    }

    public String logMessageTimestampType() {
        return getString(LOG_MESSAGE_TIMESTAMP_TYPE);
    }

    public long logSegmentDeleteDelayMs() {
        return getLong(LOG_SEGMENT_DELETE_DELAY_MS);
    }

    public List<String> logCleanupPolicy() {
        return getList(LOG_CLEANUP_POLICY);
    }

    public boolean logPreallocate() {
        return getBoolean(LOG_PREALLOCATE);
    }

    /**
     * The default per-topic log config: the broker's {@code log.*} keys mapped to topic-level keys,
     * {@code log.direct.io} and {@code producer.id.expiration.ms}.
     */
    public LogConfig logDefaults() {
        return LogConfig.defaults().with(topicDefaults()).withDirectIo(logDirectIo())
                .withProducerIdExpirationMs(getLong(PRODUCER_ID_EXPIRATION_MS));
    }

    /**
     * The effective default of every topic-level key that has a broker-level synonym, as strings
     * (e.g. {@code retention.ms} → the ms/minutes/hours resolution of the broker's keys).
     */
    public Map<String, String> topicDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        TopicConfigSynonyms.SYNONYMS.forEach((topicKey, brokerKeys) -> m.put(topicKey, switch (topicKey) {
            case "retention.ms" -> Long.toString(logRetentionMs());
            case "segment.ms" -> Long.toString(logRollMs());
            case "flush.ms" -> Long.toString(logFlushIntervalMs());
            default -> render(brokerKeys.get(0));
        }));
        return m;
    }

    // ---- describe ----

    /** Every defined broker key with its effective value, for DescribeConfigs. */
    public List<BrokerConfigEntry> describe() {
        List<BrokerConfigEntry> entries = new ArrayList<>();
        for (ConfigKey key : DEF.keys().values()) {
            entries.add(new BrokerConfigEntry(key.name(), key.isSensitive() ? null : render(key.name()),
                    !originals.containsKey(key.name()), key.isSensitive(), true));
        }
        return entries;
    }

    /** Topic-level key → the broker-level key that supplies its default (the first synonym). */
    public static Map<String, String> topicConfigSynonyms() {
        Map<String, String> m = new LinkedHashMap<>();
        TopicConfigSynonyms.SYNONYMS.forEach((k, v) -> m.put(k, v.get(0)));
        return Collections.unmodifiableMap(m);
    }

    /** All broker-level synonyms of a topic-level key, highest precedence first; empty if none. */
    public static List<String> brokerSynonyms(String topicKey) {
        return TopicConfigSynonyms.SYNONYMS.getOrDefault(topicKey, List.of());
    }

    /** The definitions of every broker key (name, type, default, doc). */
    public static Map<String, ConfigKey> configKeys() {
        return DEF.keys();
    }

    @Override
    public String toString() {
        return "ServerConfig" + originals;
    }

    // ---- resolution and cross-key validation ----

    private String render(String key) {
        return DEF.keys().get(key).type().render(values.get(key));
    }

    private int resolveNodeId(Map<String, Object> parsed) {
        Integer brokerId = (Integer) parsed.get(BROKER_ID);
        int node = (Integer) parsed.get(NODE_ID);
        if (brokerId == null) {
            return node;
        }
        if (!originals.containsKey(NODE_ID)) {
            return brokerId;
        }
        if (brokerId != node) {
            throw new ConfigException(BROKER_ID, brokerId,
                    "must equal " + NODE_ID + " (" + node + ") when both are set");
        }
        return node;
    }

    private Map<String, SecurityProtocol> effectiveProtocolMap() {
        Map<String, SecurityProtocol> m = new LinkedHashMap<>(
                Listeners.parseProtocolMap(LISTENER_SECURITY_PROTOCOL_MAP, getList(LISTENER_SECURITY_PROTOCOL_MAP)));
        if (!originals.containsKey(LISTENER_SECURITY_PROTOCOL_MAP)) {
            // Kafka: controller listeners missing from a default map are PLAINTEXT.
            controllerListenerNames().forEach(name -> m.putIfAbsent(name, SecurityProtocol.PLAINTEXT));
        }
        return Collections.unmodifiableMap(m);
    }

    private List<ListenerSpec> resolveAdvertised() {
        List<String> raw = ConfigType.castList(values.get(ADVERTISED_LISTENERS));
        List<ListenerSpec> result;
        if (raw == null || raw.isEmpty()) {
            List<String> controllers = controllerListenerNames();
            result = listeners.stream()
                    .filter(l -> !controllers.contains(l.name()))
                    .map(l -> l.isWildcard() ? l.withHost(LOOPBACK) : l)
                    .toList();
        } else {
            List<ListenerSpec> parsed = Listeners.parse(ADVERTISED_LISTENERS, raw, protocolMap);
            Listeners.checkAdvertised(ADVERTISED_LISTENERS, parsed, listeners);
            result = parsed.stream().map(l -> l.host().isEmpty() ? l.withHost(LOOPBACK) : l).toList();
        }
        return List.copyOf(result);
    }

    private String resolveInterBrokerListener() {
        String configured = getString(INTER_BROKER_LISTENER_NAME);
        if (configured != null && !configured.isBlank()) {
            String name = configured.trim().toUpperCase(Locale.ROOT);
            if (advertisedListeners.stream().noneMatch(l -> l.name().equals(name))) {
                throw new ConfigException(INTER_BROKER_LISTENER_NAME, configured,
                        "must be the name of one of the advertised listeners " + advertisedListeners);
            }
            return name;
        }
        if (advertisedListeners.isEmpty()) {
            return null;
        }
        return advertisedListeners.stream().anyMatch(l -> l.name().equals("PLAINTEXT"))
                ? "PLAINTEXT"
                : advertisedListeners.get(0).name();
    }

    private List<Path> resolveLogDirs() {
        List<String> dirs = ConfigType.castList(values.get(LOG_DIRS));
        if (dirs == null || dirs.isEmpty()) {
            String dir = getString(LOG_DIR);
            if (dir == null || dir.isBlank()) {
                throw new ConfigException(LOG_DIR, dir, "no data directory: set " + LOG_DIRS + " or " + LOG_DIR);
            }
            dirs = List.of(dir.trim());
        }
        List<Path> paths = new ArrayList<>();
        for (String d : dirs) {
            try {
                Path p = Path.of(d);
                if (paths.contains(p)) {
                    throw new ConfigException(LOG_DIRS, String.join(",", dirs), "Duplicate directory " + d);
                }
                paths.add(p);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(LOG_DIRS, String.join(",", dirs), "Invalid path " + d);
            }
        }
        return List.copyOf(paths);
    }

    private List<URI> parseHttpListeners() {
        List<URI> uris = new ArrayList<>();
        String all = String.join(",", getList(HTTP_LISTENERS));
        for (String s : getList(HTTP_LISTENERS)) {
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigException(HTTP_LISTENERS, all, "'" + s + "' is not a URI");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getPort() < 0) {
                throw new ConfigException(HTTP_LISTENERS, all, "'" + s + "' is not of the form http(s)://host:port");
            }
            uris.add(uri);
        }
        return List.copyOf(uris);
    }

    private long resolveRetentionMs() {
        Object ms = get(LOG_RETENTION_MS);
        Object minutes = get(LOG_RETENTION_MINUTES);
        long millis = ms != null ? (Long) ms
                : minutes != null ? (Integer) minutes * 60_000L
                : getInt(LOG_RETENTION_HOURS) * 3_600_000L;
        if (millis == 0) {
            String key = ms != null ? LOG_RETENTION_MS : minutes != null ? LOG_RETENTION_MINUTES : LOG_RETENTION_HOURS;
            throw new ConfigException(key, 0, "retention must be unlimited (-1) or at least 1 ms");
        }
        return millis < 0 ? -1 : millis;
    }
}
