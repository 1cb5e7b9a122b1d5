package io.tributary.storage;

import static io.tributary.storage.TestBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotenceTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(0);

    Log open() throws Exception {
        return Log.open(dir.resolve("p-0"), LogConfig.defaults(), time, 0, false);
    }

    @Test
    void retriesAreAnsweredWithTheOriginalOffsets() throws Exception {
        try (Log log = open()) {
            log.appendAsLeader(TestBatches.batch(2, 0), 0); // offsets 0..1, no producer
            AppendResult first = log.appendAsLeader(idempotent(3, 7, (short) 0, 0), 0); // 2..4
            log.appendAsLeader(idempotent(2, 7, (short) 0, 3), 0); // 5..6
            AppendResult retry = log.appendAsLeader(idempotent(3, 7, (short) 0, 0), 0);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
            assertThat(retry.lastOffset()).isEqualTo(4);
            assertThat(retry.recordCount()).isZero();
            assertThat(log.logEndOffset()).isEqualTo(7);
        }
    }

    /**
     * A producer idle for {@code producer.id.expiration.ms} is forgotten by the periodic tasks (at
     * most every 10 minutes): its next batch is taken as a new producer's, so a sequence gap that
     * was refused before is accepted after.
     */
    @Test
    void producersIdleLongerThanTheExpirationAreForgotten() throws Exception {
        long expiration = 60 * 60 * 1000L;
        try (Log log = Log.open(dir.resolve("p-0"), LogConfig.defaults().withProducerIdExpirationMs(expiration), time,
                0, false)) {
            log.appendAsLeader(idempotent(3, 7, (short) 0, 0), 0); // record timestamps from 1000
            log.runPeriodicTasks();
            time.advance(expiration - 1);
            log.runPeriodicTasks();
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, 7, (short) 0, 9), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            time.advance(ProducerStateManager.EXPIRATION_CHECK_INTERVAL_MS);
            log.runPeriodicTasks();
            assertThat(log.appendAsLeader(idempotent(1, 7, (short) 0, 9), 0).firstOffset()).isEqualTo(3);
        }
    }

    @Test
    void gapsAndStaleEpochsAreRejected() throws Exception {
        try (Log log = open()) {
            log.appendAsLeader(idempotent(3, 7, (short) 2, 0), 0);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, 7, (short) 2, 4), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, 7, (short) 1, 3), 0))
                    .isInstanceOf(InvalidProducerEpochException.class);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, 7, (short) 3, 5), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(log.appendAsLeader(idempotent(1, 7, (short) 3, 0), 0).firstOffset()).isEqualTo(3);
            // an unknown producer may start anywhere
            assertThat(log.appendAsLeader(idempotent(1, 8, (short) 0, 42), 0).firstOffset()).isEqualTo(4);
            assertThat(log.logEndOffset()).isEqualTo(5);
        }
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() throws Exception {
        try (Log log = open()) {
            for (int i = 0; i < 6; i++) {
                log.appendAsLeader(idempotent(1, 1, (short) 0, i), 0);
            }
            assertThat(log.appendAsLeader(idempotent(1, 1, (short) 0, 1), 0).duplicate()).isTrue();
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, 1, (short) 0, 0), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
        }
    }

    @Test
    void sequencesWrapAtIntMax() throws Exception {
        try (Log log = open()) {
            log.appendAsLeader(idempotent(2, 3, (short) 0, Integer.MAX_VALUE - 1), 0);
            AppendResult r = log.appendAsLeader(idempotent(2, 3, (short) 0, 0), 0);
            assertThat(r.duplicate()).isFalse();
            assertThat(r.firstOffset()).isEqualTo(2);
        }
    }

    @Test
    void stateSurvivesCleanAndUncleanRestarts() throws Exception {
        LogConfig small = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES,
                Integer.toString(idempotent(2, 1, (short) 0, 0).remaining() * 2)));
        Path d = dir.resolve("p-0");
        try (Log log = Log.open(d, small, time, 0, false)) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(idempotent(2, 1, (short) 0, i * 2), 0);
            }
        }
        try (Log log = Log.open(d, small, time, 10, true)) {
            assertThat(log.appendAsLeader(idempotent(2, 1, (short) 0, 4), 0))
                    .satisfies(r -> assertThat(r.duplicate()).isTrue())
                    .satisfies(r -> assertThat(r.firstOffset()).isEqualTo(4));
            assertThat(log.appendAsLeader(idempotent(2, 1, (short) 0, 10), 0).firstOffset()).isEqualTo(10);
            log.flush();
        }
        // unclean: snapshots beyond what survives are dropped, the rest is replayed from the log
        for (Path p : Files.newDirectoryStream(d, "*.snapshot")) {
            Files.delete(p);
        }
        try (Log log = Log.open(d, small, time, 0, false)) {
            assertThat(log.appendAsLeader(idempotent(2, 1, (short) 0, 8), 0).firstOffset()).isEqualTo(8);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(2, 1, (short) 0, 14), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
        }
    }

    @Test
    void corruptSnapshotFallsBackToReplay() throws Exception {
        Path d = dir.resolve("p-0");
        try (Log log = open()) {
            log.appendAsLeader(idempotent(2, 1, (short) 0, 0), 0);
        }
        Path snap = d.resolve("00000000000000000002.snapshot");
        assertThat(snap).exists();
        byte[] bytes = Files.readAllBytes(snap);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snap, bytes);
        try (Log log = Log.open(d, LogConfig.defaults(), time, 2, true)) {
            assertThat(log.appendAsLeader(idempotent(2, 1, (short) 0, 0), 0).duplicate()).isTrue();
        }
    }

    @Test
    void snapshotRoundTrip() {
        ProducerStateManager m = new ProducerStateManager(dir);
        ProducerStateManager.Staging s = m.stage();
        var info = io.tributary.codec.BatchValidator.validate(idempotent(3, 5, (short) 1, 0), 1 << 20, true)
                .batches().get(0);
        s.check(info);
        s.record(info, 10, 12, 99);
        m.commit(s, 13);
        var decoded = ProducerStateManager.decode(m.encode()).orElseThrow();
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).batches()).containsExactly(new BatchMetadata(0, 2, 10, 12, 99));
        assertThat(decoded.get(0).producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void transactionalBatchesAndMarkersAreStored() throws Exception {
        try (Log log = open()) {
            ByteBuffer txn = MemoryRecords.withTransactionalRecords(Compression.NONE, 9L, (short) 0, 0,
                    new SimpleRecord(1L, null, "a".getBytes())).buffer();
            assertThat(log.appendAsLeader(txn, 0).firstOffset()).isZero();
            ByteBuffer marker = MemoryRecords.withEndTransactionMarker(0L, 1L, 0, 9L, (short) 0,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();
            assertThatThrownBy(() -> log.appendAsLeader(marker.duplicate(), 0))
                    .isInstanceOf(org.apache.kafka.common.InvalidRecordException.class);
            assertThat(log.appendAsLeader(marker, 0, AppendOrigin.COORDINATOR).firstOffset()).isEqualTo(1);
            assertThat(log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 9L, (short) 0, 1,
                    new SimpleRecord(1L, null, "b".getBytes())).buffer(), 0).firstOffset()).isEqualTo(2);
        }
    }
}
