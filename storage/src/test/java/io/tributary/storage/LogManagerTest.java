package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    @TempDir
    Path a;

    @TempDir
    Path b;

    final ManualTime time = new ManualTime(0);
    final TopicPartition tp = new TopicPartition("my-topic", 3);

    @Test
    void createsReopensAndWritesKafkaFiles() throws Exception {
        Uuid id = Uuid.randomUuid();
        try (LogManager m = LogManager.open(List.of(a, b), LogConfig.defaults(), time)) {
            Log log = m.getOrCreate(tp, id, LogConfig.defaults());
            assertThat(m.getOrCreate(tp, id, LogConfig.defaults())).isSameAs(log);
            assertThatThrownBy(() -> m.getOrCreate(tp, Uuid.randomUuid(), LogConfig.defaults()))
                    .isInstanceOf(InconsistentTopicIdException.class);
            m.getOrCreate(new TopicPartition("other", 0), Uuid.randomUuid(), LogConfig.defaults());
            log.appendAsLeader(batch(4, 0), 0);
            assertThat(Files.readString(log.dir().resolve("partition.metadata")))
                    .isEqualTo("version: 0\ntopic_id: " + id + "\n");
            assertThat(m.all()).hasSize(2);
        }
        Path home = Files.exists(a.resolve("my-topic-3")) ? a : b;
        assertThat(Files.exists(home.resolve(".kafka_cleanshutdown"))).isTrue();
        assertThat(Files.readString(home.resolve("recovery-point-offset-checkpoint")))
                .isEqualTo("0\n1\nmy-topic 3 4\n");
        try (LogManager m = LogManager.open(List.of(a, b), LogConfig.defaults(), time)) {
            assertThat(Files.exists(home.resolve(".kafka_cleanshutdown"))).isFalse();
            assertThat(m.topicId(tp)).contains(id);
            assertThat(m.get(tp).orElseThrow().logEndOffset()).isEqualTo(4);
        }
    }

    @Test
    void periodicTasksFlushRollAndCheckpoint() throws Exception {
        LogConfig cfg = LogConfig.defaults().with(Map.of(LogConfig.FLUSH_MS, "100", LogConfig.SEGMENT_MS, "1000"));
        try (LogManager m = LogManager.open(List.of(a), cfg, time)) {
            m.setCheckpointIntervalMs(100);
            Log log = m.getOrCreate(tp, Uuid.randomUuid(), cfg);
            log.appendAsLeader(batch(2, 0), 0);
            m.runPeriodicTasks();
            assertThat(log.recoveryPoint()).isZero();
            time.advance(100);
            m.runPeriodicTasks();
            assertThat(log.recoveryPoint()).isEqualTo(2);
            assertThat(Files.readString(a.resolve("recovery-point-offset-checkpoint"))).endsWith("my-topic 3 2\n");
            time.advance(1000);
            m.runPeriodicTasks();
            assertThat(log.numberOfSegments()).isEqualTo(2);
        }
    }

    @Test
    void aReplicasHighWatermarkIsCheckpointedAndComesBackAfterARestart() throws Exception {
        Uuid id = Uuid.randomUuid();
        try (LogManager m = LogManager.open(List.of(a), LogConfig.defaults(), time)) {
            Log log = m.getOrCreate(tp, id, LogConfig.defaults());
            log.appendAsLeader(batch(5, 0), 0);
            assertThat(log.checkpointedHighWatermark()).isEqualTo(-1);
            log.updateHighWatermark(3);
        }
        assertThat(Files.readString(a.resolve("replication-offset-checkpoint"))).endsWith("my-topic 3 3\n");
        try (LogManager m = LogManager.open(List.of(a), LogConfig.defaults(), time)) {
            Log log = m.all().get(tp);
            assertThat(log.checkpointedHighWatermark()).isEqualTo(3);
            assertThat(log.highWatermarkBound()).isEqualTo(3);
        }
    }

    @Test
    void deleteFreesTheNameAtOnce() throws Exception {
        try (LogManager m = LogManager.open(List.of(a), LogConfig.defaults(), time)) {
            Log log = m.getOrCreate(tp, Uuid.randomUuid(), LogConfig.defaults());
            log.appendAsLeader(batch(2, 0), 0);
            m.delete(tp);
            assertThat(m.get(tp)).isEmpty();
            assertThat(Files.exists(a.resolve("my-topic-3"))).isFalse();
            Uuid id2 = Uuid.randomUuid();
            Log again = m.getOrCreate(tp, id2, LogConfig.defaults());
            assertThat(again.logEndOffset()).isZero();
            assertThat(m.topicId(tp)).contains(id2);
        }
    }

    @Test
    void uncleanStartRecoversAndRemovesLeftovers() throws Exception {
        try (LogManager m = LogManager.open(List.of(a), LogConfig.defaults(), time)) {
            m.getOrCreate(tp, Uuid.randomUuid(), LogConfig.defaults()).appendAsLeader(batch(2, 0), 0);
        }
        Files.delete(a.resolve(".kafka_cleanshutdown"));
        Files.createDirectories(a.resolve("gone-0.0123456789abcdef0123456789abcdef-delete"));
        Files.createDirectories(a.resolve("__cluster_metadata-0"));
        try (LogManager m = LogManager.open(List.of(a), LogConfig.defaults(), time)) {
            assertThat(m.all()).containsOnlyKeys(tp);
            assertThat(m.get(tp).orElseThrow().logEndOffset()).isEqualTo(2);
            assertThat(Files.exists(a.resolve("gone-0.0123456789abcdef0123456789abcdef-delete"))).isFalse();
        }
    }

    @Test
    void parsesDirectoryNames() {
        assertThat(LogManager.parseDirName("a-b-c-12")).contains(new TopicPartition("a-b-c", 12));
        assertThat(LogManager.parseDirName("nodash")).isEmpty();
        assertThat(LogManager.parseDirName("x-")).isEmpty();
        assertThat(LogManager.parseDirName("x-y")).isEmpty();
    }
}
