package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tributary.storage.directio.DirectIo;
import io.tributary.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the steps that make writes durable are reported, never swallowed or replaced. */
class DurabilityTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(0);

    @Test
    void aDirectoryThatCannotBeForcedFailsTheCaller() {
        assertThatThrownBy(() -> AtomicFiles.forceDirectory(dir.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("missing").resolve("checkpoint"), new byte[1]))
                .isInstanceOf(IOException.class);
    }

    /**
     * With direct I/O, a roll ends the old segment's appends by cutting its padding and forcing
     * it; when that fails (here the rolling thread is interrupted, which closes the file) the data
     * may not be on disk, so the log fails as after a failed flush: no more appends, no flush
     * that could move the recovery point.
     */
    @Test
    void aFailedForceAtADirectIoRollFailsTheLogAsAFailedFlushDoes() throws Exception {
        Path logDir = dir.resolve("d-0");
        Files.createDirectories(logDir);
        Files.createFile(logDir.resolve("probe"));
        assumeThat(DirectIo.alignment(logDir.resolve("probe"))).as("direct I/O here").isPositive();
        Files.delete(logDir.resolve("probe"));
        Log log = Log.open(logDir, LogConfig.defaults().withDirectIo(true), time, 0L, false);
        log.appendAsLeader(batch(3, 0), 0);
        AtomicReference<Throwable> rolled = new AtomicReference<>();
        Thread roller = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                log.roll();
            } catch (Throwable t) {
                rolled.set(t);
            }
        });
        roller.start();
        roller.join(30_000);
        assertThat(rolled.get()).isInstanceOf(ClosedByInterruptException.class);
        assertThatThrownBy(log::flush).isInstanceOf(IOException.class).hasMessageContaining("earlier flush");
        assertThatThrownBy(() -> log.appendAsLeader(batch(1, 0), 0)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("earlier flush");
        assertThat(log.recoveryPoint()).isZero();
        assertThatThrownBy(log::close).isInstanceOf(IOException.class);
    }

    /**
     * Closing a log whose flush failed still closes its files; a failure of that (here a removed
     * segment whose file cannot be deleted) is added to the flush's failure, which stays the one
     * thrown.
     */
    @Test
    void aFailureToCloseFilesIsAddedToTheFlushFailureInsteadOfReplacingIt() throws Exception {
        Path logDir = dir.resolve("c-0");
        Log log = Log.open(logDir, LogConfig.defaults(), time, 0L, false);
        log.appendAsLeader(batch(3, 0), 0);
        log.roll();
        log.appendAsLeader(batch(3, 0), 0);
        log.truncateTo(2); // the second segment is retired, its files renamed .deleted
        Path retired = logDir.resolve(LogSegment.fileName(3, LogSegment.LOG_SUFFIX + LogSegment.DELETED_SUFFIX));
        Files.delete(retired);
        Files.createDirectories(retired.resolve("in-the-way"));
        interruptedFlush(log);

        assertThatThrownBy(log::close).isInstanceOf(IOException.class).hasMessageContaining("earlier flush")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(DirectoryNotEmptyException.class));
        assertThat(log.isClosed()).isTrue();
    }

    private static void interruptedFlush(Log log) throws InterruptedException {
        log.appendAsLeader(batch(1, 0), 0);
        Thread flusher = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                log.flush();
            } catch (IOException e) {
                // the failure the test is about
            }
        });
        flusher.start();
        flusher.join(30_000);
    }
}
