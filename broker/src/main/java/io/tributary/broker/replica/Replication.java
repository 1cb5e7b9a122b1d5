package io.tributary.broker.replica;

import io.tributary.broker.replica.fetcher.ReplicaFetcherManager;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moving parts of replication on one broker: the fetchers of the partitions it follows, the
 * {@link IsrUpdater} of those it leads, and the ISR check that drops in-sync followers not caught
 * up within {@code replica.lag.time.max.ms} (run every half of it, as Kafka does).
 *
 * <p>Thread-safety: {@link #roleApplied} and {@link #removed} run on the metadata thread; the ISR
 * check on its own scheduler thread; the parts are thread-safe themselves.
 */
public final class Replication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    private final ReplicaFetcherManager fetchers;
    private final IsrUpdater isrUpdater;
    private final long replicaLagMaxMs;
    private final boolean unsafeAckBeforeReplication;
    private final ScheduledExecutorService isrCheck;

    /**
     * @param unsafeAckBeforeReplication acks=all answers at the local append: a planted bug the
     *     history checker's self-test must catch; never for real use
     */
    public Replication(ReplicaFetcherManager fetchers, IsrUpdater isrUpdater, long replicaLagMaxMs,
            boolean unsafeAckBeforeReplication) {
        this.fetchers = fetchers;
        this.isrUpdater = isrUpdater;
        this.replicaLagMaxMs = replicaLagMaxMs;
        this.unsafeAckBeforeReplication = unsafeAckBeforeReplication;
        this.isrCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-isr-check");
            t.setDaemon(true);
            return t;
        });
        if (unsafeAckBeforeReplication) {
            LOG.warn("UNSAFE: acks=all produce answers before the in-sync replicas have the records "
                    + "(tributary.unsafe.ack.before.replication); acknowledged records can be lost");
        }
    }

    void start(ReplicaManager manager) {
        long period = Math.max(1L, replicaLagMaxMs / 2);
        isrCheck.scheduleWithFixedDelay(() -> shrinkIsrs(manager), period, period, TimeUnit.MILLISECONDS);
    }

    IsrUpdater isrUpdater() {
        return isrUpdater;
    }

    boolean unsafeAckBeforeReplication() {
        return unsafeAckBeforeReplication;
    }

    void roleApplied(Partition p) {
        fetchers.roleApplied(p);
    }

    void removed(TopicPartition tp) {
        fetchers.remove(tp);
    }

    /** Where {@code tp} is fetched from, for tools and tests. */
    public java.util.Optional<Integer> fetchingFrom(TopicPartition tp) {
        return fetchers.fetchingFrom(tp);
    }

    private void shrinkIsrs(ReplicaManager manager) {
        try {
            for (Partition p : manager.partitions().values()) {
                if (p.isLeader()) {
                    List<Integer> shrunk = IsrPolicy.shrink(p, manager.time().milliseconds(), replicaLagMaxMs);
                    if (shrunk != null) {
                        isrUpdater.request(p, shrunk);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("ISR check failed", e);
        }
    }

    @Override
    public void close() {
        isrCheck.shutdownNow();
        fetchers.close();
    }
}
