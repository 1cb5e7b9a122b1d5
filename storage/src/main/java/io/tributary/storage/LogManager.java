package io.tributary.storage;

import io.tributary.storage.segment.LocalLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All partition logs under the configured log directories. On open it reads the clean-shutdown
 * marker and the recovery-point checkpoint of each directory and opens every
 * {@code <topic>-<partition>} directory, recovering those that need it; on close it flushes,
 * writes the checkpoints and leaves the clean-shutdown marker.
 *
 * <p>Directory files, in Apache Kafka's formats: {@code recovery-point-offset-checkpoint} and
 * {@code log-start-offset-checkpoint} ("0", count, "topic partition offset" lines) and the
 * {@code .kafka_cleanshutdown} marker, deleted at open. Deleted partitions are renamed
 * {@code <topic>-<partition>.<uuid>-delete} before their files are removed, so the name is free at
 * once; such directories left by a crash are removed at open. {@code __cluster_metadata-0} is left
 * to the metadata layer.
 *
 * <p>The checkpoints are written periodically and at close, and also at once when a log's
 * truncation moves its recovery point back (the log calls back, after releasing its own lock):
 * a checkpoint naming a recovery point above the truncation would let a crash skip recovering
 * the data appended after it.
 *
 * <p>Thread-safety: thread-safe; the map of logs is concurrent, creation and deletion of one
 * partition's log are serialised (by this manager's monitor).
 */
public final class LogManager implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    /** Kafka's name for the high watermarks of a directory's replicas. */
    static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    static final String DELETE_SUFFIX = "-delete";
    static final String METADATA_DIR = "__cluster_metadata-0";

    private record RecoveryPoint(TopicPartition tp, long offset) {}

    private final List<Path> logDirs;
    private final LogConfig defaults;
    private final Time time;
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicPartition, Uuid> topicIds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicPartition, Path> homes = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile long retentionCheckIntervalMs = 300_000L;
    private volatile long checkpointIntervalMs = 60_000L;
    private long lastCheckpointMs;
    private final Map<Path, List<RecoveryPoint>> writtenRecoveryPoints = new HashMap<>();
    private volatile LogCleaner cleaner;
    private final Map<Path, List<RecoveryPoint>> writtenStartOffsets = new HashMap<>();
    private final Map<Path, List<RecoveryPoint>> writtenHighWatermarks = new HashMap<>();
    private volatile long lastRetentionCheckMs;

    private LogManager(List<Path> logDirs, LogConfig defaults, Time time) {
        this.logDirs = List.copyOf(logDirs);
        this.defaults = defaults;
        this.time = time;
        this.lastRetentionCheckMs = time.milliseconds();
    }

    /**
     * Starts the log cleaner (compaction of logs whose {@code cleanup.policy} contains
     * {@code compact}) unless it is disabled or already running.
     */
    public synchronized void startCleaner(CleanerConfig config) {
        if (cleaner != null || !config.enabled() || config.threads() <= 0) {
            return;
        }
        cleaner = new LogCleaner(() -> logs, homes::get, logDirs, config, time);
        cleaner.start();
    }

    /** Applies a new {@code log.cleaner.io.max.bytes.per.second} to the running cleaner. */
    public void setCleanerIoMaxBytesPerSecond(double rate) {
        LogCleaner c = cleaner;
        if (c != null) {
            c.setIoMaxBytesPerSecond(rate);
        }
    }

    /** Wakes the cleaner threads (after a config change that may make a log cleanable). */
    public void wakeCleaner() {
        LogCleaner c = cleaner;
        if (c != null) {
            c.wakeUp();
        }
    }

    /** How often {@link #runPeriodicTasks} enforces retention ({@code log.retention.check.interval.ms}). */
    public void setRetentionCheckIntervalMs(long intervalMs) {
        this.retentionCheckIntervalMs = intervalMs;
    }

    /**
     * How often {@link #runPeriodicTasks} writes the recovery-point checkpoint
     * ({@code log.flush.offset.checkpoint.interval.ms}); it is written only when it changed, and
     * always on close. A stale checkpoint only makes recovery scan more.
     */
    public void setCheckpointIntervalMs(long intervalMs) {
        this.checkpointIntervalMs = intervalMs;
    }

    public static LogManager open(List<Path> logDirs, LogConfig defaults, Time time) throws IOException {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("At least one log directory is needed");
        }
        LogManager m = new LogManager(logDirs, defaults, time);
        try {
            for (Path d : m.logDirs) {
                m.loadDir(d);
            }
        } catch (IOException | RuntimeException e) {
            for (Log l : m.logs.values()) {
                try {
                    l.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return m;
    }

    private static CheckpointFile<RecoveryPoint> checkpointOf(Path logDir) {
        return new CheckpointFile<>(logDir.resolve(RECOVERY_POINT_CHECKPOINT),
                r -> r.tp().topic() + " " + r.tp().partition() + " " + r.offset(),
                f -> new RecoveryPoint(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2])));
    }

    private static CheckpointFile<RecoveryPoint> highWatermarksOf(Path logDir) {
        return new CheckpointFile<>(logDir.resolve(HIGH_WATERMARK_CHECKPOINT),
                r -> r.tp().topic() + " " + r.tp().partition() + " " + r.offset(),
                f -> new RecoveryPoint(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2])));
    }

    private static CheckpointFile<RecoveryPoint> startOffsetsOf(Path logDir) {
        return new CheckpointFile<>(logDir.resolve(LOG_START_OFFSET_CHECKPOINT),
                r -> r.tp().topic() + " " + r.tp().partition() + " " + r.offset(),
                f -> new RecoveryPoint(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2])));
    }

    private void loadDir(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path marker = logDir.resolve(CLEAN_SHUTDOWN_MARKER);
        boolean clean = Files.exists(marker);
        Map<TopicPartition, Long> points = new HashMap<>();
        try {
            for (RecoveryPoint r : checkpointOf(logDir).read()) {
                points.put(r.tp(), r.offset());
            }
        } catch (IOException e) {
            log.warn("Ignoring unreadable recovery-point checkpoint in {}: {}", logDir, e.getMessage());
            clean = false;
        }
        Map<TopicPartition, Long> starts = new HashMap<>();
        try {
            for (RecoveryPoint r : startOffsetsOf(logDir).read()) {
                starts.put(r.tp(), r.offset());
            }
        } catch (IOException e) {
            log.warn("Ignoring unreadable log-start-offset checkpoint in {}: {}", logDir, e.getMessage());
        }
        Map<TopicPartition, Long> highWatermarks = new HashMap<>();
        try {
            for (RecoveryPoint r : highWatermarksOf(logDir).read()) {
                highWatermarks.put(r.tp(), r.offset());
            }
        } catch (IOException e) {
            log.warn("Ignoring unreadable high-watermark checkpoint in {}: {}", logDir, e.getMessage());
        }
        Files.deleteIfExists(marker);
        AtomicFiles.forceDirectory(logDir);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(logDir, Files::isDirectory)) {
            ds.forEach(children::add);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.endsWith(DELETE_SUFFIX)) {
                LocalLog.deleteRecursively(child);
                continue;
            }
            Optional<TopicPartition> tp = parseDirName(name);
            if (tp.isEmpty() || name.equals(METADATA_DIR)) {
                continue;
            }
            if (logs.containsKey(tp.get())) {
                throw new IOException("Duplicate log directories for " + tp.get() + ": " + homes.get(tp.get())
                        + " and " + logDir);
            }
            long point = points.getOrDefault(tp.get(), 0L);
            Log l = Log.open(child, defaults, time, point, clean, starts.getOrDefault(tp.get(), 0L));
            l.setCheckpointer(() -> writeCheckpoint(logDir));
            Long hw = highWatermarks.get(tp.get());
            if (hw != null) {
                l.restoreHighWatermark(hw);
            }
            logs.put(tp.get(), l);
            homes.put(tp.get(), logDir);
            PartitionMetadataFile.read(child).ifPresent(id -> topicIds.put(tp.get(), id));
        }
    }

    /** Parses {@code <topic>-<partition>}; empty for any other name. */
    static Optional<TopicPartition> parseDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(name.substring(dash + 1));
            return partition < 0
                    ? Optional.empty()
                    : Optional.of(new TopicPartition(name.substring(0, dash), partition));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The log of {@code tp}, created (with a {@code partition.metadata} file holding the topic id)
     * if absent.
     *
     * @throws InconsistentTopicIdException when the existing log belongs to another topic id
     */
    public Log getOrCreate(TopicPartition tp, Uuid topicId, LogConfig config) throws IOException {
        Log existing = logs.get(tp);
        if (existing != null && topicId != null && topicId.equals(topicIds.get(tp))) {
            return existing;
        }
        synchronized (this) {
            ensureOpen();
            existing = logs.get(tp);
            if (existing != null) {
                Uuid known = topicIds.get(tp);
                if (topicId != null && known != null && !known.equals(topicId)) {
                    throw new InconsistentTopicIdException("The log of " + tp + " has topic id " + known
                            + " but " + topicId + " was given");
                }
                if (topicId != null && known == null) {
                    PartitionMetadataFile.write(existing.dir(), topicId);
                    topicIds.put(tp, topicId);
                }
                return existing;
            }
            Path home = leastLoadedDir();
            Path dir = home.resolve(tp.topic() + "-" + tp.partition());
            Log created = Log.open(dir, config, time, 0L, true);
            created.setCheckpointer(() -> writeCheckpoint(home));
            if (topicId != null) {
                PartitionMetadataFile.write(dir, topicId);
                topicIds.put(tp, topicId);
            }
            AtomicFiles.forceDirectory(home);
            homes.put(tp, home);
            logs.put(tp, created);
            return created;
        }
    }

    private Path leastLoadedDir() {
        Map<Path, Integer> counts = new HashMap<>();
        for (Path d : logDirs) {
            counts.put(d, 0);
        }
        for (Path h : homes.values()) {
            counts.merge(h, 1, Integer::sum);
        }
        Path best = logDirs.get(0);
        for (Path d : logDirs) {
            if (counts.get(d) < counts.get(best)) {
                best = d;
            }
        }
        return best;
    }

    /** The configured log directories, in configuration order. */
    public List<Path> logDirs() {
        return logDirs;
    }

    public Optional<Log> get(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    /** The topic id recorded beside the log of {@code tp}, if any. */
    public Optional<Uuid> topicId(TopicPartition tp) {
        return Optional.ofNullable(topicIds.get(tp));
    }

    public Map<TopicPartition, Log> all() {
        return Map.copyOf(logs);
    }

    /** Closes and removes the log of {@code tp}, if present. */
    public void delete(TopicPartition tp) throws IOException {
        synchronized (this) {
            Log l = logs.remove(tp);
            Path home = homes.remove(tp);
            topicIds.remove(tp);
            if (cleaner != null) {
                cleaner.forget(tp);
            }
            if (l == null) {
                return;
            }
            l.close();
            Path renamed = home.resolve(tp.topic() + "-" + tp.partition() + "."
                    + Uuid.randomUuid().toString().replace("-", "") + DELETE_SUFFIX);
            Files.move(l.dir(), renamed);
            AtomicFiles.forceDirectory(home);
            writeCheckpoint(home);
            LocalLog.deleteRecursively(renamed);
        }
    }

    /**
     * Runs the periodic duties: time-based flushes ({@code flush.ms}), time-based rolls
     * ({@code segment.ms}), retention every {@code log.retention.check.interval.ms}, and the
     * recovery-point and log-start-offset checkpoints. Called by the broker's scheduler.
     */
    public void runPeriodicTasks() {
        long now = time.milliseconds();
        boolean retention = now - lastRetentionCheckMs >= retentionCheckIntervalMs;
        if (retention) {
            lastRetentionCheckMs = now;
        }
        for (Map.Entry<TopicPartition, Log> e : logs.entrySet()) {
            try {
                if (retention) {
                    e.getValue().deleteOldSegments();
                }
                e.getValue().runPeriodicTasks();
            } catch (IOException | RuntimeException ex) {
                log.error("Periodic tasks failed for {}", e.getKey(), ex);
            }
        }
        if (now - lastCheckpointMs < checkpointIntervalMs) {
            return;
        }
        lastCheckpointMs = now;
        for (Path d : logDirs) {
            try {
                writeCheckpoint(d);
            } catch (IOException ex) {
                log.error("Cannot write the recovery-point checkpoint of {}", d, ex);
            }
        }
    }

    private synchronized void writeCheckpoint(Path logDir) throws IOException {
        List<RecoveryPoint> points = new ArrayList<>();
        List<RecoveryPoint> starts = new ArrayList<>();
        List<RecoveryPoint> highWatermarks = new ArrayList<>();
        for (Map.Entry<TopicPartition, Log> e : logs.entrySet()) {
            if (logDir.equals(homes.get(e.getKey()))) {
                points.add(new RecoveryPoint(e.getKey(), e.getValue().recoveryPoint()));
                starts.add(new RecoveryPoint(e.getKey(), e.getValue().logStartOffset()));
                long hw = e.getValue().highWatermarkBound();
                if (hw != Long.MAX_VALUE) {
                    highWatermarks.add(new RecoveryPoint(e.getKey(), hw));
                }
            }
        }
        highWatermarks.sort(java.util.Comparator.comparing(r -> r.tp().toString()));
        if (!highWatermarks.equals(writtenHighWatermarks.get(logDir))) {
            highWatermarksOf(logDir).write(highWatermarks);
            writtenHighWatermarks.put(logDir, highWatermarks);
        }
        points.sort(java.util.Comparator.comparing(r -> r.tp().toString()));
        // rewriting (and fsyncing) an unchanged checkpoint buys nothing
        if (!points.equals(writtenRecoveryPoints.get(logDir))) {
            checkpointOf(logDir).write(points);
            writtenRecoveryPoints.put(logDir, points);
        }
        starts.sort(java.util.Comparator.comparing(r -> r.tp().toString()));
        // log start offsets change rarely (retention, DeleteRecords): write the file only then
        if (!starts.equals(writtenStartOffsets.get(logDir))) {
            startOffsetsOf(logDir).write(starts);
            writtenStartOffsets.put(logDir, starts);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (cleaner != null) {
                cleaner.close();
            }
            IOException failure = null;
            for (Map.Entry<TopicPartition, Log> e : logs.entrySet()) {
                try {
                    e.getValue().close();
                } catch (IOException ex) {
                    log.error("Failed to close the log of {}", e.getKey(), ex);
                    failure = failure == null ? ex : failure;
                }
            }
            for (Path d : logDirs) {
                try {
                    writeCheckpoint(d);
                    if (failure == null) {
                        AtomicFiles.write(d.resolve(CLEAN_SHUTDOWN_MARKER), new byte[0]);
                    }
                } catch (IOException ex) {
                    failure = failure == null ? ex : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The log manager is closed");
        }
    }
}
