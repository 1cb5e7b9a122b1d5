package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush that fails is final: here the flushing thread is interrupted, which closes the live
 * segment's file under the fsync. The recovery point does not move, later flushes and appends
 * fail, and closing the log fails (so no clean-shutdown marker is written and the next start
 * recovers it) while still closing its files.
 */
class FlushFailureTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(0);

    @Test
    void anInterruptedFlushFailsTheLogInsteadOfMovingTheRecoveryPoint() throws Exception {
        Log log = Log.open(dir.resolve("f-0"), LogConfig.defaults(), time, 0, false);
        log.appendAsLeader(batch(3, 0), 0);
        AtomicReference<Throwable> flushed = new AtomicReference<>();
        Thread flusher = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                log.flush();
            } catch (Throwable t) {
                flushed.set(t);
            }
        });
        flusher.start();
        flusher.join(30_000);
        assertThat(flushed.get()).isInstanceOf(ClosedByInterruptException.class);
        assertThat(log.recoveryPoint()).isZero();
        assertThatThrownBy(log::flush).isInstanceOf(IOException.class).hasMessageContaining("earlier flush");
        assertThatThrownBy(() -> log.appendAsLeader(batch(1, 0), 0)).isInstanceOf(KafkaStorageException.class);
        assertThat(log.recoveryPoint()).isZero();
        assertThatThrownBy(log::close).isInstanceOf(IOException.class);
        log.close(); // closed already: nothing more to do
    }
}
