package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsFollowKafka() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.nodeId()).isEqualTo(1);
        assertThat(c.processRoles()).containsExactly("broker", "controller");
        assertThat(c.isBroker()).isTrue();
        assertThat(c.isController()).isTrue();
        assertThat(c.logDirs()).containsExactly(Path.of("./data"));
        assertThat(c.numPartitions()).isEqualTo(1);
        assertThat(c.defaultReplicationFactor()).isEqualTo(1);
        assertThat(c.autoCreateTopicsEnable()).isTrue();
        assertThat(c.deleteTopicEnable()).isTrue();
        assertThat(c.socketRequestMaxBytes()).isEqualTo(104_857_600);
        // a deliberate difference: Kafka fixes 102400, Tributary leaves the OS's autotuning on
        assertThat(c.socketSendBufferBytes()).isEqualTo(-1);
        assertThat(c.socketReceiveBufferBytes()).isEqualTo(-1);
        assertThat(c.numNetworkThreads()).isEqualTo(3);
        assertThat(c.numIoThreads()).isEqualTo(8);
        assertThat(c.messageMaxBytes()).isEqualTo(1_048_588);
        assertThat(c.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(c.offsetsTopicReplicationFactor()).isEqualTo((short) 1);
        assertThat(c.transactionStateLogNumPartitions()).isEqualTo(50);
        assertThat(c.groupInitialRebalanceDelayMs()).isEqualTo(3000);
        assertThat(c.minInsyncReplicas()).isEqualTo(1);
        assertThat(c.uncleanLeaderElectionEnable()).isFalse();
        assertThat(c.compressionType()).isEqualTo("producer");
        assertThat(c.logRetentionMs()).isEqualTo(168L * 3_600_000);
        assertThat(c.logRetentionBytes()).isEqualTo(-1);
        assertThat(c.logSegmentBytes()).isEqualTo(1_073_741_824);
        assertThat(c.logRollMs()).isEqualTo(168L * 3_600_000);
        assertThat(c.logIndexIntervalBytes()).isEqualTo(4096);
        assertThat(c.logIndexSizeMaxBytes()).isEqualTo(10_485_760);
        assertThat(c.logFlushIntervalMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.logFlushIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.logFlushSchedulerIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.logFlushOffsetCheckpointIntervalMs()).isEqualTo(60_000);
        assertThat(c.logMessageTimestampType()).isEqualTo("CreateTime");
        assertThat(c.logSegmentDeleteDelayMs()).isEqualTo(60_000);
        assertThat(c.logCleanupPolicy()).containsExactly("delete");
        assertThat(c.logPreallocate()).isFalse();
        assertThat(c.httpListeners()).extracting(Object::toString).containsExactly("http://127.0.0.1:8081");
        assertThat(c.interBrokerListenerName()).isEqualTo("PLAINTEXT");
    }

    @Test
    void defaultLogConfigEqualsStorageDefaults() {
        assertThat(ServerConfig.defaults().logDefaults()).isEqualTo(LogConfig.defaults());
    }

    @Test
    void directIoReachesTheLogConfigAndNoTopicOverrideDropsIt() {
        assertThat(ServerConfig.defaults().logDefaults().directIo()).isFalse();
        LogConfig direct = ServerConfig.of(Map.of("log.direct.io", "true")).logDefaults();
        assertThat(direct.directIo()).isTrue();
        LogConfig topic = direct.with(Map.of("segment.bytes", "4096", "cleanup.policy", "compact"));
        assertThat(topic.directIo()).isTrue();
        assertThat(topic.segmentBytes()).isEqualTo(4096);
        assertThat(topic.toMap()).doesNotContainKey("direct.io").hasSameSizeAs(LogConfig.names());
        assertThat(ServerConfig.of(Map.of("producer.id.expiration.ms", "60000")).logDefaults()
                .with(Map.of("segment.bytes", "4096")).producerIdExpirationMs()).isEqualTo(60_000);
    }

    @Test
    void logDefaultsMapBrokerKeys() {
        LogConfig lc = ServerConfig.of(Map.ofEntries(
                Map.entry("log.segment.bytes", "1024"),
                Map.entry("log.roll.hours", "2"),
                Map.entry("log.index.size.max.bytes", "4096"),
                Map.entry("log.index.interval.bytes", "100"),
                Map.entry("log.flush.interval.messages", "10"),
                Map.entry("log.flush.interval.ms", "500"),
                Map.entry("message.max.bytes", "2000"),
                Map.entry("log.message.timestamp.type", "LogAppendTime"),
                Map.entry("log.retention.minutes", "3"),
                Map.entry("log.retention.bytes", "12345"),
                Map.entry("log.segment.delete.delay.ms", "7"),
                Map.entry("log.preallocate", "true"))).logDefaults();
        assertThat(lc).isEqualTo(new LogConfig(1024, 2 * 3_600_000L, 4096, 100, 10, 500, 2000,
                TimestampType.LOG_APPEND_TIME, 180_000L, 12345, 7, true, false, true, "producer", 86_400_000L, 0.5, 0L,
                Long.MAX_VALUE, Long.MAX_VALUE, 3_600_000L, false, 86_400_000L));
    }

    @Test
    void retentionPrecedenceMsOverMinutesOverHours() {
        assertThat(ServerConfig.of(Map.of("log.retention.hours", "1")).logRetentionMs()).isEqualTo(3_600_000);
        assertThat(ServerConfig.of(Map.of("log.retention.hours", "1", "log.retention.minutes", "2"))
                .logRetentionMs()).isEqualTo(120_000);
        assertThat(ServerConfig.of(Map.of("log.retention.hours", "1", "log.retention.minutes", "2",
                "log.retention.ms", "42")).logRetentionMs()).isEqualTo(42);
        assertThat(ServerConfig.of(Map.of("log.retention.ms", "-5")).logRetentionMs()).isEqualTo(-1);
        assertThat(ServerConfig.of(Map.of("log.retention.hours", "-1")).logRetentionMs()).isEqualTo(-1);
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.retention.ms", "0")))
                .hasMessageContaining("log.retention.ms");
    }

    @Test
    void rollAndFlushFallbacks() {
        assertThat(ServerConfig.of(Map.of("log.roll.hours", "1", "log.roll.ms", "99")).logRollMs()).isEqualTo(99);
        assertThat(ServerConfig.of(Map.of("log.flush.scheduler.interval.ms", "3000")).logFlushIntervalMs())
                .isEqualTo(3000);
        assertThat(ServerConfig.of(Map.of("log.flush.scheduler.interval.ms", "3000", "log.flush.interval.ms", "10"))
                .logFlushIntervalMs()).isEqualTo(10);
    }

    @Test
    void fileThenOverridesWin() throws IOException {
        Path file = tmp.resolve("server.properties");
        Files.writeString(file, """
                # comment
                num.partitions=3
                node.id = 7
                log.dirs=/a, /b ,
                auto.create.topics.enable=false
                """);
        ServerConfig c = ServerConfig.load(Optional.of(file), Map.of("num.partitions", "5"));
        assertThat(c.numPartitions()).isEqualTo(5);
        assertThat(c.nodeId()).isEqualTo(7);
        assertThat(c.logDirs()).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(c.autoCreateTopicsEnable()).isFalse();
        assertThat(c.originals()).containsEntry("num.partitions", "5").containsEntry("node.id", "7");
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> ServerConfig.load(Optional.of(tmp.resolve("nope.properties")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void logDirFallback() {
        assertThat(ServerConfig.of(Map.of("log.dir", "/x")).logDirs()).containsExactly(Path.of("/x"));
        assertThat(ServerConfig.of(Map.of("log.dir", "/x", "log.dirs", "/y")).logDirs()).containsExactly(Path.of("/y"));
        assertThat(ServerConfig.of(Map.of("log.dir", "/x", "log.dirs", "")).logDirs()).containsExactly(Path.of("/x"));
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.dirs", "/a,/a"))).hasMessageContaining("log.dirs");
    }

    @Test
    void unknownKeysAreKept() {
        ServerConfig c = ServerConfig.of(Map.of("ssl.keystore.location", "/k", "num.partitions", "2"));
        assertThat(c.originals()).containsEntry("ssl.keystore.location", "/k");
        assertThat(c.numPartitions()).isEqualTo(2);
    }

    @Test
    void invalidValuesNameKeyAndValue() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("num.partitions", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value abc for configuration num.partitions: Not a number of type INT");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("num.partitions", "0")))
                .hasMessage("Invalid value 0 for configuration num.partitions: Value must be at least 1");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("auto.create.topics.enable", "yes")))
                .hasMessageContaining("auto.create.topics.enable").hasMessageContaining("yes");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("compression.type", "brotli")))
                .hasMessageContaining("compression.type").hasMessageContaining("brotli");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.message.timestamp.type", "createtime")))
                .hasMessageContaining("log.message.timestamp.type");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("process.roles", "broker,router")))
                .hasMessageContaining("process.roles").hasMessageContaining("router");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.cleanup.policy", "delete,delete")))
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.segment.bytes", "99999999999")))
                .hasMessageContaining("log.segment.bytes");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("log.cleaner.min.cleanable.ratio", "1.5")))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("http.listeners", "localhost")))
                .hasMessageContaining("http.listeners");
    }

    @Test
    void valuesAreTrimmedAndBooleansCaseInsensitive() {
        ServerConfig c = ServerConfig.of(Map.of("num.partitions", " 4 ", "delete.topic.enable", "FALSE"));
        assertThat(c.numPartitions()).isEqualTo(4);
        assertThat(c.deleteTopicEnable()).isFalse();
    }

    @Test
    void brokerIdIsAnAliasOfNodeId() {
        assertThat(ServerConfig.of(Map.of("broker.id", "3")).nodeId()).isEqualTo(3);
        assertThat(ServerConfig.of(Map.of("broker.id", "3", "node.id", "3")).nodeId()).isEqualTo(3);
        assertThatThrownBy(() -> ServerConfig.of(Map.of("broker.id", "3", "node.id", "4")))
                .hasMessageContaining("broker.id").hasMessageContaining("node.id");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("node.id", "-1"))).hasMessageContaining("node.id");
    }

    @Test
    void withAppliesOverrides() {
        ServerConfig c = ServerConfig.of(Map.of("num.partitions", "2")).with(Map.of("num.io.threads", "1"));
        assertThat(c.numPartitions()).isEqualTo(2);
        assertThat(c.numIoThreads()).isEqualTo(1);
    }

    @Test
    void genericGetters() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.getLong(BrokerConfigs.LOG_CLEANER_DELETE_RETENTION_MS)).isEqualTo(86_400_000L);
        assertThat(c.getDouble(BrokerConfigs.LOG_CLEANER_MIN_CLEANABLE_RATIO)).isEqualTo(0.5);
        assertThat(c.getBoolean(BrokerConfigs.LOG_CLEANER_ENABLE)).isTrue();
        assertThat(c.get(BrokerConfigs.LOG_RETENTION_MS)).isNull();
        assertThatThrownBy(() -> c.get("no.such.key")).isInstanceOf(IllegalArgumentException.class);
    }
}
