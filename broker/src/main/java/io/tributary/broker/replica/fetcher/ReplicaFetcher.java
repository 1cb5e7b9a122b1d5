package io.tributary.broker.replica.fetcher;

import io.tributary.broker.replica.Partition;
import io.tributary.metadata.BrokerEndpoint;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread fetching, as a follower, every partition this broker follows on one leader broker:
 * sessionless Fetch requests (v16) naming this broker's id and epoch, each partition at its log end
 * offset with the epoch of its last batch, so the leader can answer a divergence (KIP-320). A
 * response's records are appended as the leader wrote them ({@link FollowerResponses}), the
 * follower's high watermark and log start offset follow the leader's. A partition whose fetch
 * failed waits {@code replica.fetch.backoff.ms}; a connection error drops the connection and
 * waits as long before the next attempt.
 *
 * <p>Thread-safety: {@link #follow}, {@link #unfollow} and {@link #close} may be called from any
 * thread; the fetch loop runs on this fetcher's own thread and is the only one touching the
 * connection and appending to the followed logs.
 */
final class ReplicaFetcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final short FETCH_VERSION = 16;

    /** A followed partition: the leader epoch it follows and when it may be fetched again. */
    record Followed(Partition partition, int leaderEpoch, long notBeforeMs) {}

    private final int localBrokerId;
    private final int leaderId;
    private final FetcherSettings settings;
    private final Function<Integer, Optional<BrokerEndpoint>> endpoints;
    private final LongSupplier brokerEpoch;
    private final Time time;
    private final Map<TopicPartition, Followed> followed = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile LeaderConnection connection; // opened and used by the fetch thread; closed by either

    ReplicaFetcher(int localBrokerId, int leaderId, FetcherSettings settings,
            Function<Integer, Optional<BrokerEndpoint>> endpoints, LongSupplier brokerEpoch, Time time) {
        this.localBrokerId = localBrokerId;
        this.leaderId = leaderId;
        this.settings = settings;
        this.endpoints = endpoints;
        this.brokerEpoch = brokerEpoch;
        this.time = time;
        this.thread = new Thread(this, "tributary-replica-fetcher-" + leaderId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Follows {@code partition} under {@code leaderEpoch}, replacing an older entry. */
    void follow(Partition partition, int leaderEpoch) {
        Followed now = followed.get(partition.topicPartition());
        if (now != null && now.partition() == partition && now.leaderEpoch() == leaderEpoch) {
            return;
        }
        followed.put(partition.topicPartition(), new Followed(partition, leaderEpoch, 0L));
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    void unfollow(TopicPartition tp) {
        followed.remove(tp);
    }

    boolean isEmpty() {
        return followed.isEmpty();
    }

    /** Stops the thread without waiting: a fetch in flight fails at once on its closed connection. */
    void shutdown() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        thread.interrupt();
        disconnect();
    }

    /** Stops the thread and waits for it, at most {@code timeoutMs}. */
    void close(long timeoutMs) {
        shutdown();
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!fetchOnce()) {
                    idle(200);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.info("Fetching from broker {} failed: {}", leaderId, e.toString());
                    disconnect();
                    idle(settings.backoffMs());
                }
            }
        }
        disconnect();
    }

    /** One fetch round; false when there was nothing to fetch. */
    private boolean fetchOnce() throws IOException {
        long now = time.milliseconds();
        Map<TopicPartition, Followed> round = new LinkedHashMap<>();
        Map<TopicPartition, FetchRequest.PartitionData> request = new LinkedHashMap<>();
        Map<Uuid, String> names = new HashMap<>();
        for (Map.Entry<TopicPartition, Followed> e : followed.entrySet()) {
            Followed f = e.getValue();
            if (f.notBeforeMs() > now) {
                continue;
            }
            Partition p = f.partition();
            int lastEpoch;
            long start;
            long end;
            try {
                lastEpoch = p.latestLocalEpoch();
                start = p.logStartOffset();
                end = p.logEndOffset();
            } catch (RuntimeException ex) {
                continue; // offline: the metadata will stop the following
            }
            round.put(e.getKey(), f);
            names.put(p.topicId(), e.getKey().topic());
            request.put(e.getKey(), new FetchRequest.PartitionData(p.topicId(), end, start,
                    settings.partitionMaxBytes(), Optional.of(f.leaderEpoch()),
                    lastEpoch < 0 ? Optional.empty() : Optional.of(lastEpoch)));
        }
        if (request.isEmpty()) {
            return false;
        }
        LeaderConnection c = connection();
        if (c == null) {
            throw new IOException("no endpoint known for broker " + leaderId);
        }
        FetchRequest fetch = FetchRequest.Builder.forReplica(FETCH_VERSION, localBrokerId, brokerEpoch.getAsLong(),
                settings.maxWaitMs(), settings.minBytes(), request)
                .setMaxBytes(settings.responseMaxBytes())
                .build(FETCH_VERSION);
        AbstractResponse answer = c.send(fetch);
        if (!(answer instanceof FetchResponse response)) {
            throw new IOException("unexpected answer " + answer.apiKey() + " to a fetch");
        }
        if (response.error() != Errors.NONE) {
            throw new IOException("fetch failed: " + response.error());
        }
        Map<TopicPartition, FetchResponseData.PartitionData> data = response.responseData(names, FETCH_VERSION);
        for (Map.Entry<TopicPartition, FetchResponseData.PartitionData> e : data.entrySet()) {
            Followed f = round.get(e.getKey());
            if (f == null || followed.get(e.getKey()) != f) {
                continue; // no longer followed, or under another epoch since the request left
            }
            long delay = FollowerResponses.apply(f.partition(), f.leaderEpoch(), e.getValue(), settings.backoffMs());
            if (delay > 0) {
                followed.replace(e.getKey(), f, new Followed(f.partition(), f.leaderEpoch(),
                        time.milliseconds() + delay));
            }
        }
        return true;
    }

    private LeaderConnection connection() throws IOException {
        BrokerEndpoint endpoint = endpoints.apply(leaderId).orElse(null);
        LeaderConnection c = connection;
        if (c != null && !c.endpoint().equals(endpoint)) {
            disconnect();
        }
        if (connection == null && endpoint != null && running) {
            connection = new LeaderConnection("tributary-replica-fetcher-" + localBrokerId, endpoint,
                    settings.socketTimeoutMs(), settings.socketTimeoutMs(), settings.responseMaxBytes() + (1 << 20));
        }
        return connection;
    }

    private void disconnect() {
        LeaderConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void idle(long ms) {
        synchronized (signal) {
            if (!running) {
                return;
            }
            try {
                signal.wait(ms);
            } catch (InterruptedException e) {
                // only close interrupts: the loop checks running next
            }
        }
    }
}
