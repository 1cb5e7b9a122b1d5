package io.tributary.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * All partition logs under the configured log directories. On open it reads the clean-shutdown
 * marker and the recovery-point checkpoint of each directory and opens every
 * {@code <topic>-<partition>} directory, recovering those that need it; on close it flushes,
 * writes the checkpoints and leaves the clean-shutdown marker.
 *
 * <p>Thread-safety: thread-safe; the map of logs is concurrent, creation and deletion of one
 * partition's log are serialised.
 */
public final class LogManager implements Closeable {

    public static LogManager open(List<Path> logDirs, LogConfig defaults, Time time) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The log of {@code tp}, created (with a {@code partition.metadata} file holding the topic id) if absent. */
    public Log getOrCreate(TopicPartition tp, Uuid topicId, LogConfig config) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Optional<Log> get(TopicPartition tp) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The topic id recorded beside the log of {@code tp}, if any. */
    public Optional<Uuid> topicId(TopicPartition tp) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Map<TopicPartition, Log> all() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Closes and removes the log of {@code tp}, if present. */
    public void delete(TopicPartition tp) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Runs the periodic duties: time-based flushes ({@code flush.ms}), time-based rolls
     * ({@code segment.ms}) and the recovery-point checkpoint. Called by the broker's scheduler.
     */
    public void runPeriodicTasks() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
