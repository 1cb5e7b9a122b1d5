package io.tributary.server.config;

import static io.tributary.server.config.ConfigType.BOOLEAN;
import static io.tributary.server.config.ConfigType.DOUBLE;
import static io.tributary.server.config.ConfigType.INT;
import static io.tributary.server.config.ConfigType.LIST;
import static io.tributary.server.config.ConfigType.LONG;
import static io.tributary.server.config.ConfigType.SHORT;
import static io.tributary.server.config.ConfigType.STRING;
import static io.tributary.server.config.Validator.atLeast;
import static io.tributary.server.config.Validator.between;
import static io.tributary.server.config.Validator.in;
import static io.tributary.server.config.Validator.listOf;
import static io.tributary.server.config.Validator.nonEmptyList;

import java.util.List;

/**
 * The broker's configuration keys: Apache Kafka's {@code server.properties} names and defaults,
 * except where noted ({@code node.id}, {@code listeners}, {@code log.dir}, replication factors of
 * internal topics, {@code http.listeners}). Adding a key is adding one row here.
 */
public final class BrokerConfigs {

    private BrokerConfigs() {}

    public static final String NODE_ID = "node.id";
    public static final String BROKER_ID = "broker.id";
    public static final String PROCESS_ROLES = "process.roles";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    public static final String CONTROLLER_QUORUM_VOTERS = "controller.quorum.voters";
    public static final String CONTROLLER_QUORUM_BOOTSTRAP_SERVERS = "controller.quorum.bootstrap.servers";
    public static final String CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS = "controller.quorum.election.timeout.ms";
    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String BROKER_HEARTBEAT_INTERVAL_MS = "broker.heartbeat.interval.ms";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String LOG_DIRECT_IO = "log.direct.io";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_STATE_LOG_MIN_ISR = "transaction.state.log.min.isr";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_FLUSH_SCHEDULER_INTERVAL_MS = "log.flush.scheduler.interval.ms";
    public static final String LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS = "log.flush.offset.checkpoint.interval.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "log.message.timestamp.before.max.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = "log.message.timestamp.after.max.ms";
    public static final String LOG_SEGMENT_DELETE_DELAY_MS = "log.segment.delete.delay.ms";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_PREALLOCATE = "log.preallocate";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String LOG_CLEANER_THREADS = "log.cleaner.threads";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String LOG_CLEANER_IO_MAX_BYTES_PER_SECOND = "log.cleaner.io.max.bytes.per.second";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String LOG_CLEANER_MIN_CLEANABLE_RATIO = "log.cleaner.min.cleanable.ratio";
    public static final String LOG_CLEANER_DELETE_RETENTION_MS = "log.cleaner.delete.retention.ms";
    public static final String LOG_CLEANER_MIN_COMPACTION_LAG_MS = "log.cleaner.min.compaction.lag.ms";
    public static final String LOG_CLEANER_MAX_COMPACTION_LAG_MS = "log.cleaner.max.compaction.lag.ms";
    public static final String HTTP_LISTENERS = "http.listeners";
    public static final String SCHEMA_REGISTRY_ENABLE = "schema.registry.enable";
    public static final String SCHEMA_COMPATIBILITY_LEVEL = "schema.compatibility.level";
    public static final String KAFKASTORE_TOPIC = "kafkastore.topic";
    public static final String KAFKASTORE_TOPIC_REPLICATION_FACTOR = "kafkastore.topic.replication.factor";

    /** Kafka's default {@code listener.security.protocol.map}. */
    public static final String DEFAULT_SECURITY_PROTOCOL_MAP =
            "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

    private static final long HOUR_MS = 60L * 60 * 1000;

    public static final ConfigDef DEF = new ConfigDef()
            // identity and roles
            .define(NODE_ID, INT, 1, atLeast(0),
                    "This node's id. Kafka requires it; Tributary defaults it to 1.")
            .define(BROKER_ID, INT, null, atLeast(0), "Alias of node.id; must equal node.id when both are set.")
            .define(PROCESS_ROLES, LIST, List.of("broker", "controller"), listOf(false, "broker", "controller"),
                    "The roles of this node: broker, controller or both.")
            // listeners
            .define(LISTENERS, LIST, List.of("PLAINTEXT://127.0.0.1:9092"), nonEmptyList(),
                    "Kafka protocol listeners NAME://host:port; an empty host binds every interface; "
                            + "port 0 is ephemeral.")
            .define(ADVERTISED_LISTENERS, LIST, null,
                    "Listeners given to clients; defaults to listeners with a wildcard host replaced by 127.0.0.1.")
            .define(LISTENER_SECURITY_PROTOCOL_MAP, LIST, List.of(DEFAULT_SECURITY_PROTOCOL_MAP.split(",")),
                    "Listener name to security protocol, NAME:PROTOCOL pairs.")
            .define(INTER_BROKER_LISTENER_NAME, STRING, null,
                    "Listener used between brokers; defaults to PLAINTEXT, else the first advertised listener.")
            .define(CONTROLLER_LISTENER_NAMES, LIST, List.of(),
                    "Listener names used by the controller quorum (not advertised to clients).")
            .define(CONTROLLER_QUORUM_VOTERS, LIST, List.of(),
                    "The metadata quorum's voters, id@host:port (their controller listeners); empty: this node alone.")
            .define(CONTROLLER_QUORUM_BOOTSTRAP_SERVERS, LIST, List.of(),
                    "Controllers to discover a dynamic quorum from (not supported yet: list controller.quorum.voters).")
            .define(CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS, INT, 1000, atLeast(50),
                    "How long a voter waits for the leader before it stands for election (up to twice this).")
            .define(BROKER_SESSION_TIMEOUT_MS, INT, 9000, atLeast(1),
                    "A broker without a heartbeat for this long is fenced and its leaderships move away.")
            .define(BROKER_HEARTBEAT_INTERVAL_MS, INT, 2000, atLeast(1), "How often a broker heartbeats.")
            .define(BROKER_RACK, STRING, null, "The rack of this broker, for rack-aware replica placement.")
            // replication
            .define("auto.leader.rebalance.enable", BOOLEAN, true, "Move leaderships back to preferred replicas "
                    + "when a broker's share of partitions led elsewhere exceeds "
                    + "leader.imbalance.per.broker.percentage.")
            .define("leader.imbalance.check.interval.seconds", LONG, 300L, atLeast(1),
                    "How often the controller checks the leader balance.")
            .define("leader.imbalance.per.broker.percentage", INT, 10, atLeast(0),
                    "The share of a broker's preferred partitions led elsewhere that triggers a rebalance.")
            .define("replica.selector.class", STRING, null, "How consumers with client.rack pick the replica they "
                    + "read from (KIP-392): unset (the leader) or "
                    + "org.apache.kafka.common.replica.RackAwareReplicaSelector.")
            .define("replica.lag.time.max.ms", LONG, 30_000L, atLeast(1), "A follower not caught up with its "
                    + "leader for this long leaves the ISR.")
            .define("replica.fetch.wait.max.ms", INT, 500, atLeast(0),
                    "How long a leader holds a follower's fetch with no new records.")
            .define("replica.fetch.min.bytes", INT, 1, atLeast(1), "Bytes a follower's fetch waits for.")
            .define("replica.fetch.max.bytes", INT, 1_048_576, atLeast(0),
                    "Bytes per partition a follower fetches (at least one batch).")
            .define("replica.fetch.response.max.bytes", INT, 10_485_760, atLeast(0),
                    "Bytes of one follower fetch response (at least one batch).")
            .define("replica.fetch.backoff.ms", INT, 1000, atLeast(0), "A follower's pause after a fetch error.")
            .define("replica.socket.timeout.ms", INT, 30_000, atLeast(1),
                    "How long a follower waits for its leader's answer; more than replica.fetch.wait.max.ms.")
            .define("tributary.unsafe.ack.before.replication", BOOLEAN, false, "UNSAFE, for testing the "
                    + "history checker only: acks=all produce is answered before the in-sync replicas have the "
                    + "records, so acknowledged records can be lost.")
            .define(HTTP_LISTENERS, LIST, List.of("http://127.0.0.1:8081"), "HTTP listeners (REST, console, metrics).")
            // schema registry (Confluent's names)
            .define(SCHEMA_REGISTRY_ENABLE, BOOLEAN, true, "Serve the schema registry's REST API on http.listeners.")
            .define(SCHEMA_COMPATIBILITY_LEVEL, STRING, "backward",
                    "Compatibility level of subjects until one is configured (none, backward, forward, full, "
                            + "and their _transitive forms).")
            .define(KAFKASTORE_TOPIC, STRING, "_schemas", "The compacted topic holding the schema registry.")
            .define(KAFKASTORE_TOPIC_REPLICATION_FACTOR, SHORT, (short) 1, atLeast(1), "Replication factor of the "
                    + "schema registry's topic when the registry creates it; unset, 3 capped at the number of quorum "
                    + "voters, as for __consumer_offsets (Confluent: 3).")
            // storage
            .define(LOG_DIRS, LIST, null, "Data directories, comma-separated; log.dir is used when unset.")
            .define(LOG_DIR, STRING, "./data", "The data directory when log.dirs is unset (Kafka: /tmp/kafka-logs).")
            .define(LOG_SEGMENT_BYTES, INT, 1024 * 1024 * 1024, atLeast(14), "The maximum size of a segment file.")
            .define(LOG_ROLL_MS, LONG, null, atLeast(1), "Maximum segment age before rolling, in ms (wins over hours).")
            .define(LOG_ROLL_HOURS, INT, 168, atLeast(1), "Maximum segment age before rolling, in hours.")
            .define(LOG_INDEX_INTERVAL_BYTES, INT, 4096, atLeast(0), "Bytes between offset index entries.")
            .define(LOG_INDEX_SIZE_MAX_BYTES, INT, 10 * 1024 * 1024, atLeast(4), "Maximum size of an offset index.")
            .define(LOG_FLUSH_INTERVAL_MESSAGES, LONG, Long.MAX_VALUE, atLeast(1), "Messages between forced fsyncs.")
            .define(LOG_FLUSH_INTERVAL_MS, LONG, null, atLeast(0),
                    "Maximum time between fsyncs; log.flush.scheduler.interval.ms when unset.")
            .define(LOG_FLUSH_SCHEDULER_INTERVAL_MS, LONG, Long.MAX_VALUE, "How often the flusher checks logs.")
            .define(LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS, INT, 60_000, atLeast(0),
                    "How often the recovery point checkpoint is written.")
            .define(LOG_MESSAGE_TIMESTAMP_TYPE, STRING, "CreateTime", in("CreateTime", "LogAppendTime"),
                    "Record timestamps: CreateTime (producer's) or LogAppendTime (broker's).")
            .define(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS, LONG, Long.MAX_VALUE, atLeast(0),
                    "Maximum allowed age of a CreateTime timestamp.")
            .define(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS, LONG, HOUR_MS, atLeast(0),
                    "Maximum allowed future skew of a CreateTime timestamp.")
            .define(LOG_SEGMENT_DELETE_DELAY_MS, LONG, 60_000L, atLeast(0),
                    "Delay before a deleted segment's files go.")
            .define(LOG_PREALLOCATE, BOOLEAN, false, "Preallocate segment files.")
            // retention and cleaning
            .define(LOG_RETENTION_MS, LONG, null, "Retention time in ms (wins over minutes and hours); -1 = forever.")
            .define(LOG_RETENTION_MINUTES, INT, null, "Retention time in minutes (wins over hours).")
            .define(LOG_RETENTION_HOURS, INT, 168, "Retention time in hours.")
            .define(LOG_RETENTION_BYTES, LONG, -1L, "Retention size per partition; -1 = unlimited.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, LONG, 300_000L, atLeast(1), "How often retention is enforced.")
            .define(LOG_CLEANUP_POLICY, LIST, List.of("delete"), listOf(false, "delete", "compact"),
                    "Default cleanup policy: delete, compact or both.")
            .define(LOG_CLEANER_ENABLE, BOOLEAN, true, "Run the log cleaner (compaction).")
            .define(LOG_CLEANER_THREADS, INT, 1, atLeast(0), "Log cleaner threads.")
            .define(LOG_CLEANER_BACKOFF_MS, LONG, 15_000L, atLeast(0), "Cleaner sleep when there is nothing to clean.")
            .define(LOG_CLEANER_IO_MAX_BYTES_PER_SECOND, DOUBLE, Double.MAX_VALUE, atLeast(0),
                    "Cleaner I/O limit (reads plus writes), bytes per second.")
            .define(LOG_CLEANER_DEDUPE_BUFFER_SIZE, LONG, 128L * 1024 * 1024, atLeast(0),
                    "Memory for the cleaner's key index; bounds the keys indexed per pass.")
            .define(LOG_CLEANER_MIN_CLEANABLE_RATIO, DOUBLE, 0.5, between(0, 1), "Minimum dirty ratio to clean a log.")
            .define(LOG_CLEANER_DELETE_RETENTION_MS, LONG, 24 * HOUR_MS, atLeast(0), "How long tombstones are kept.")
            .define(LOG_CLEANER_MIN_COMPACTION_LAG_MS, LONG, 0L, atLeast(0),
                    "Minimum age before a record is compacted.")
            .define(LOG_CLEANER_MAX_COMPACTION_LAG_MS, LONG, Long.MAX_VALUE, atLeast(1),
                    "Maximum time a record stays uncompacted.")
            // topics and requests
            .define(NUM_PARTITIONS, INT, 1, atLeast(1), "Default partition count of new topics.")
            .define(DEFAULT_REPLICATION_FACTOR, INT, 1, atLeast(1), "Default replication factor of new topics.")
            .define(PRODUCER_ID_EXPIRATION_MS, LONG, 86_400_000L, atLeast(1), "How long a partition keeps "
                    + "the state of an idempotent producer that sent nothing (checked every 10 minutes).")
            .define(LOG_DIRECT_IO, BOOLEAN, false, "Write and read the segment files of partition logs "
                    + "(not the metadata log) with direct I/O (O_DIRECT), bypassing the page cache, where the file "
                    + "system allows it: less produce CPU, more produce latency and consume CPU (Tributary's own "
                    + "setting).")
            .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, true, "Create a topic on first metadata request for it.")
            .define(DELETE_TOPIC_ENABLE, BOOLEAN, true, "Allow deleting topics.")
            .define(MIN_INSYNC_REPLICAS, INT, 1, atLeast(1), "Minimum in-sync replicas for acks=all.")
            .define(UNCLEAN_LEADER_ELECTION_ENABLE, BOOLEAN, false, "Allow out-of-sync replicas to become leader.")
            .define(COMPRESSION_TYPE, STRING, "producer",
                    in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
                    "Compression of stored batches; producer keeps the producer's codec.")
            .define(MESSAGE_MAX_BYTES, INT, 1024 * 1024 + 12, atLeast(0), "Largest record batch accepted.")
            .define(SOCKET_REQUEST_MAX_BYTES, INT, 100 * 1024 * 1024, atLeast(1), "Largest request accepted.")
            .define(SOCKET_SEND_BUFFER_BYTES, INT, -1,
                    "SO_SNDBUF of each connection; -1 = the OS default, which autotunes (Kafka: 102400).")
            .define(SOCKET_RECEIVE_BUFFER_BYTES, INT, -1,
                    "SO_RCVBUF of each connection; -1 = the OS default, which autotunes (Kafka: 102400).")
            .define(NUM_NETWORK_THREADS, INT, 3, atLeast(1), "Network (event loop) threads.")
            .define(NUM_IO_THREADS, INT, 8, atLeast(1), "Request handler threads.")
            // coordinators
            .define(OFFSETS_TOPIC_NUM_PARTITIONS, INT, 50, atLeast(1), "Partitions of __consumer_offsets.")
            .define(OFFSETS_TOPIC_REPLICATION_FACTOR, SHORT, (short) 1, atLeast(1),
                    "Replication factor of __consumer_offsets; unset, 3 capped at the number of quorum voters "
                            + "(1 on a single node). It is created once that many brokers are live.")
            .define(OFFSETS_RETENTION_MINUTES, INT, 7 * 24 * 60, atLeast(1),
                    "Committed offsets retention of empty groups.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, INT, 3000, "Delay of a new group's first rebalance.")
            .define(GROUP_MIN_SESSION_TIMEOUT_MS, INT, 6000, "Smallest session timeout a consumer may ask.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS, INT, 1_800_000, "Largest session timeout a consumer may ask.")
            .define(OFFSET_METADATA_MAX_BYTES, INT, 4096, atLeast(0), "Largest metadata string of a committed offset.")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, LONG, 600_000L, atLeast(1),
                    "How often expired offsets are removed.")
            .define(OFFSETS_COMMIT_TIMEOUT_MS, LONG, 5_000L, atLeast(1),
                    "How long a group coordinator's write waits for the in-sync replicas before it fails.")
            .define(GROUP_CONSUMER_SESSION_TIMEOUT_MS, INT, 45_000, atLeast(1),
                    "Session timeout of consumer-protocol (KIP-848) group members.")
            .define(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, INT, 5_000, atLeast(1),
                    "Heartbeat interval of consumer-protocol (KIP-848) group members.")
            .define(TRANSACTION_STATE_LOG_NUM_PARTITIONS, INT, 50, atLeast(1), "Partitions of __transaction_state.")
            .define(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, SHORT, (short) 1, atLeast(1),
                    "Replication factor of __transaction_state; unset, 3 capped at the number of quorum voters.")
            .define(TRANSACTION_STATE_LOG_MIN_ISR, INT, 1, atLeast(1), "min.insync.replicas of __transaction_state.")
            .define(TRANSACTION_MAX_TIMEOUT_MS, INT, 900_000, atLeast(1),
                    "Largest transaction timeout a producer may ask.");
}
