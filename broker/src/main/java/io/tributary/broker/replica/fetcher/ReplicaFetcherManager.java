package io.tributary.broker.replica.fetcher;

import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.PartitionState;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * Keeps one {@link ReplicaFetcher} per leader broker that this broker follows partitions of
 * ({@code num.replica.fetchers} = 1, Kafka's default): a partition in state Follower with a leader
 * is fetched by that leader's fetcher under its leader epoch; any other state is not fetched. A
 * fetcher left with nothing to fetch is stopped.
 *
 * <p>Thread-safety: {@link #roleApplied} and {@link #remove} are called by the metadata thread,
 * {@link #close} at shutdown; all are synchronized. Fetchers run on their own threads.
 */
public final class ReplicaFetcherManager implements AutoCloseable {

    private final int localBrokerId;
    private final FetcherSettings settings;
    private final Supplier<MetadataImage> image;
    private final LongSupplier brokerEpoch;
    private final Time time;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> leaderOf = new HashMap<>();
    private boolean closed;

    public ReplicaFetcherManager(int localBrokerId, FetcherSettings settings, Supplier<MetadataImage> image,
            LongSupplier brokerEpoch, Time time) {
        this.localBrokerId = localBrokerId;
        this.settings = settings;
        this.image = image;
        this.brokerEpoch = brokerEpoch;
        this.time = time;
    }

    /** Brings the fetching of {@code p} in line with its state. */
    public synchronized void roleApplied(Partition p) {
        if (closed) {
            return;
        }
        TopicPartition tp = p.topicPartition();
        if (p.state() instanceof PartitionState.Follower f && f.leaderId() >= 0 && f.leaderId() != localBrokerId) {
            Integer before = leaderOf.put(tp, f.leaderId());
            if (before != null && before != f.leaderId()) {
                unfollow(before, tp);
            }
            fetchers.computeIfAbsent(f.leaderId(), this::newFetcher).follow(p, f.leaderEpoch());
        } else {
            remove(tp);
        }
    }

    /** Stops fetching {@code tp}. */
    public synchronized void remove(TopicPartition tp) {
        Integer leader = leaderOf.remove(tp);
        if (leader != null) {
            unfollow(leader, tp);
        }
    }

    /** The leader broker {@code tp} is fetched from, if it is. */
    public synchronized Optional<Integer> fetchingFrom(TopicPartition tp) {
        return Optional.ofNullable(leaderOf.get(tp));
    }

    private void unfollow(int leader, TopicPartition tp) {
        ReplicaFetcher f = fetchers.get(leader);
        if (f != null) {
            f.unfollow(tp);
            if (f.isEmpty()) {
                fetchers.remove(leader);
                f.shutdown();
            }
        }
    }

    private ReplicaFetcher newFetcher(int leaderId) {
        ReplicaFetcher f = new ReplicaFetcher(localBrokerId, leaderId, settings, this::endpointOf, brokerEpoch, time);
        f.start();
        return f;
    }

    /** Where to reach {@code brokerId}: the configured inter-broker listener, else PLAINTEXT, else its first. */
    private Optional<BrokerEndpoint> endpointOf(int brokerId) {
        BrokerImage b = image.get().broker(brokerId).orElse(null);
        if (b == null || b.endpoints().isEmpty()) {
            return Optional.empty();
        }
        List<BrokerEndpoint> eps = b.endpoints();
        if (settings.listener() != null) {
            return b.endpoint(settings.listener());
        }
        return b.endpoint("PLAINTEXT").or(() -> Optional.of(eps.get(0)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ReplicaFetcher f : fetchers.values()) {
            f.shutdown();
        }
        for (ReplicaFetcher f : fetchers.values()) {
            f.close(5_000L);
        }
        fetchers.clear();
        leaderOf.clear();
    }
}
