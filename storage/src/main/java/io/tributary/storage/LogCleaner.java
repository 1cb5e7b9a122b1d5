package io.tributary.storage;

import io.tributary.storage.segment.LogSegment;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log cleaner: {@code log.cleaner.threads} threads that repeatedly pick the dirtiest log with
 * {@code cleanup.policy} containing {@code compact} and compact it with a {@link Cleaner}. A log is
 * cleanable when its dirty ratio (dirty bytes over cleanable bytes) reaches
 * {@code min.cleanable.dirty.ratio}, or when it has dirty data older than
 * {@code max.compaction.lag.ms}. The first dirty offset of each log is kept in the
 * {@code cleaner-offset-checkpoint} file of its log directory (Kafka's format), so a restart does
 * not re-clean from the start. All cleaner I/O shares one {@link Throttler}
 * ({@code log.cleaner.io.max.bytes.per.second}).
 *
 * <p>Thread-safety: thread-safe; a log is cleaned by one thread at a time (the in-progress set is
 * guarded by this cleaner's lock).
 */
final class LogCleaner implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    static final String CHECKPOINT = "cleaner-offset-checkpoint";

    private record Entry(TopicPartition tp, long offset) {}

    private final Supplier<Map<TopicPartition, Log>> logs;
    private final Function<TopicPartition, Path> homes;
    private final List<Path> logDirs;
    private final CleanerConfig config;
    private final Time time;
    private final Throttler throttler;
    private final Map<TopicPartition, Long> checkpoints = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Set<TopicPartition> inProgress = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    LogCleaner(Supplier<Map<TopicPartition, Log>> logs, Function<TopicPartition, Path> homes, List<Path> logDirs,
            CleanerConfig config, Time time) {
        this.logs = logs;
        this.homes = homes;
        this.logDirs = List.copyOf(logDirs);
        this.config = config;
        this.time = time;
        this.throttler = new Throttler(config.ioMaxBytesPerSecond(), time);
        for (Path d : logDirs) {
            try {
                for (Entry e : checkpointOf(d).read()) {
                    checkpoints.put(e.tp(), e.offset());
                }
            } catch (IOException e) {
                LOG.warn("Ignoring unreadable cleaner checkpoint in {}: {}", d, e.getMessage());
            }
        }
    }

    private static CheckpointFile<Entry> checkpointOf(Path logDir) {
        return new CheckpointFile<>(logDir.resolve(CHECKPOINT),
                e -> e.tp().topic() + " " + e.tp().partition() + " " + e.offset(),
                f -> new Entry(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2])));
    }

    void start() {
        running = true;
        for (int i = 0; i < config.threads(); i++) {
            Thread t = new Thread(this::runLoop, "tributary-log-cleaner-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void setIoMaxBytesPerSecond(double rate) {
        throttler.setRate(rate);
    }

    /** Forgets a deleted log's checkpoint. */
    void forget(TopicPartition tp) {
        checkpoints.remove(tp);
    }

    /** Wakes the threads, for a config change that may make a log cleanable. */
    void wakeUp() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runLoop() {
        while (running) {
            boolean cleaned = false;
            try {
                cleaned = cleanOne();
            } catch (RuntimeException e) {
                LOG.error("Log cleaner pass failed", e);
            }
            if (!cleaned) {
                lock.lock();
                try {
                    if (running) {
                        wake.await(config.backoffMs(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Cleans the dirtiest cleanable log, if any; true when one was cleaned. */
    boolean cleanOne() {
        TopicPartition tp = select();
        if (tp == null) {
            return false;
        }
        try {
            Log log = logs.get().get(tp);
            if (log == null || log.isClosed()) {
                return false;
            }
            long firstDirty = firstDirty(tp, log);
            Cleaner.Result r = new Cleaner(time, throttler, config.maxKeys(), stage -> { }).clean(log, firstDirty);
            if (r == null) {
                return false;
            }
            checkpoints.put(tp, r.nextDirtyOffset());
            writeCheckpoint(homes.apply(tp));
            LOG.debug("Cleaned {}: {} groups, {} bytes read, {} written", tp, r.groups(), r.bytesRead(),
                    r.bytesWritten());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("Cleaning {} failed", tp, e);
            return false;
        } finally {
            lock.lock();
            try {
                inProgress.remove(tp);
            } finally {
                lock.unlock();
            }
        }
    }

    private long firstDirty(TopicPartition tp, Log log) {
        long start = log.logStartOffset();
        long cp = checkpoints.getOrDefault(tp, start);
        return cp < start || cp > log.logEndOffset() ? start : cp;
    }

    /** The compacted log with the highest dirty ratio at or above its threshold (or past its max lag). */
    private TopicPartition select() {
        long now = time.milliseconds();
        TopicPartition best = null;
        double bestRatio = -1;
        lock.lock();
        try {
            for (Map.Entry<TopicPartition, Log> e : logs.get().entrySet()) {
                Log log = e.getValue();
                LogConfig cfg = log.config();
                if (!cfg.compact() || inProgress.contains(e.getKey()) || log.isClosed()) {
                    continue;
                }
                long firstDirty = firstDirty(e.getKey(), log);
                Cleaner.Cleanable cleanable = Cleaner.cleanable(log, now);
                long[] dc = Cleaner.dirtyAndCleanBytes(cleanable, firstDirty);
                if (dc[0] == 0) {
                    continue;
                }
                double ratio = (double) dc[0] / (dc[0] + dc[1]);
                boolean overdue = cfg.maxCompactionLagMs() < Long.MAX_VALUE && overdue(cleanable, firstDirty, now,
                        cfg.maxCompactionLagMs());
                if ((ratio >= cfg.minCleanableDirtyRatio() || overdue) && (overdue ? 2 : ratio) > bestRatio) {
                    best = e.getKey();
                    bestRatio = overdue ? 2 : ratio;
                }
            }
            if (best != null) {
                inProgress.add(best);
            }
            return best;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the first dirty segment holds data older than the max compaction lag. */
    private static boolean overdue(Cleaner.Cleanable cleanable, long firstDirty, long now, long maxLag) {
        for (int i = 0; i < cleanable.segments().size(); i++) {
            LogSegment seg = cleanable.segments().get(i);
            if (cleanable.nextBase(i) > firstDirty) {
                long ts = seg.largestTimestamp();
                return ts >= 0 && now - ts > maxLag;
            }
        }
        return false;
    }

    private synchronized void writeCheckpoint(Path logDir) throws IOException {
        if (logDir == null) {
            return;
        }
        List<Entry> entries = new ArrayList<>();
        Map<TopicPartition, Log> all = logs.get();
        for (Map.Entry<TopicPartition, Long> e : checkpoints.entrySet()) {
            if (all.containsKey(e.getKey()) && logDir.equals(homes.apply(e.getKey()))) {
                entries.add(new Entry(e.getKey(), e.getValue()));
            }
        }
        checkpointOf(logDir).write(entries);
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path d : logDirs) {
            try {
                writeCheckpoint(d);
            } catch (IOException e) {
                LOG.warn("Cannot write the cleaner checkpoint of {}", d, e);
            }
        }
    }
}
