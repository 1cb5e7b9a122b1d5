package io.tributary.broker.fetch;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.LeaderHints;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.broker.replica.Partition;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch for consumers: reads every requested partition up to its high watermark (or last stable
 * offset under read_committed) and, when fewer than {@code min.bytes} are available, waits up to
 * {@code max.wait.ms} for more. Topics are named (v4-12) or given by id (v13+).
 *
 * <p>Fetch sessions (KIP-227, v7+): epoch 0 opens a session holding the request's partitions;
 * later requests with the session's id and next epoch carry only changed partitions (and
 * forgotten ones), and their responses only partitions with new data, an error or moved bounds.
 * Epoch -1 closes the session and fetches without one.
 */
public final class FetchHandler extends TypedHandler<FetchRequest> {

    /** Apache Kafka's default of {@code max.incremental.fetch.session.cache.slots}. */
    public static final int DEFAULT_SESSION_SLOTS = 1000;

    private final BrokerContext broker;
    private final FetchSessionCache sessions;
    private final ReadReplicaSelector selector;

    public FetchHandler(BrokerContext broker) {
        this(broker, DEFAULT_SESSION_SLOTS);
    }

    public FetchHandler(BrokerContext broker, int sessionSlots) {
        super(ApiKeys.FETCH, 4, 18, FetchRequest.class);
        this.broker = broker;
        this.sessions = new FetchSessionCache(sessionSlots);
        this.selector = ReadReplicaSelector.of(broker.brokerConfig().value("replica.selector.class").orElse(null));
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, FetchRequest request) {
        FetchRequestData data = request.data();
        boolean byId = ctx.apiVersion() >= 13;
        List<FetchTarget> requested = requested(data, byId);
        int epoch = ctx.apiVersion() >= 7 ? data.sessionEpoch() : FetchMetadata.FINAL_EPOCH;
        long use = sessions.stamp();
        FetchSession session = null;
        List<FetchTarget> targets = requested;
        if (epoch == FetchMetadata.FINAL_EPOCH || epoch == FetchMetadata.INITIAL_EPOCH) {
            if (data.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                sessions.remove(data.sessionId());
            }
            if (epoch == FetchMetadata.INITIAL_EPOCH) {
                session = sessions.create().orElse(null);
                if (session != null) {
                    targets = session.update(epoch, requested, List.of(), use);
                }
            }
        } else {
            session = sessions.get(data.sessionId()).orElse(null);
            if (session == null) {
                return error(Errors.FETCH_SESSION_ID_NOT_FOUND);
            }
            targets = session.update(epoch, requested, forgotten(data, byId), use);
            if (targets == null) {
                return error(Errors.INVALID_FETCH_SESSION_EPOCH);
            }
        }
        boolean incremental = session != null && epoch != FetchMetadata.INITIAL_EPOCH;
        int replicaId = request.replicaId();
        if (replicaId >= 0) {
            return fetchForReplica(replicaId, data, targets, session, incremental);
        }
        return fetch(data, ctx.apiVersion(), targets, session, incremental).thenApply(r -> hinted(ctx, r));
    }

    /**
     * A follower's fetch (replica id set): read up to the log end offset, each partition's
     * follower state recorded once at arrival (ISR expansion may follow), a divergence from the
     * follower's last fetched epoch answered instead of records; the wait ends at the first new
     * append rather than at a high watermark move.
     */
    private CompletionStage<ApiMessage> fetchForReplica(int replicaId, FetchRequestData data,
            List<FetchTarget> targets, FetchSession session, boolean incremental) {
        List<PartitionFetch> fetches = resolve(targets);
        List<Partition> watched = watched(fetches);
        int maxBytes = data.maxBytes() <= 0 ? Integer.MAX_VALUE : data.maxBytes();
        long bytes = ReplicaReader.readAndRecord(fetches, targets, maxBytes, replicaId, broker.replicaManager());
        if (data.maxWaitMs() <= 0 || bytes >= data.minBytes() || anyError(fetches) || watched.isEmpty()
                || ReplicaReader.anyDiverging(fetches)) {
            return CompletableFuture.completedFuture(assemble(targets, fetches, session, incremental));
        }
        DelayedFetch delayed = new DelayedFetch(watched, () -> {
            long read = ReplicaReader.read(fetches, targets, maxBytes);
            return anyError(fetches) ? Long.MAX_VALUE : read;
        }, Math.max(1, data.minBytes()), true);
        return delayed.start(broker.timer(), data.maxWaitMs())
                .thenApply(ignored -> assemble(targets, fetches, session, incremental));
    }

    private List<PartitionFetch> resolve(List<FetchTarget> targets) {
        List<PartitionFetch> fetches = new ArrayList<>(targets.size());
        for (FetchTarget t : targets) {
            fetches.add(resolve(t));
        }
        return fetches;
    }

    private static List<Partition> watched(List<PartitionFetch> fetches) {
        List<Partition> watched = new ArrayList<>();
        for (PartitionFetch f : fetches) {
            if (f.partition() != null) {
                watched.add(f.partition());
            }
        }
        return watched;
    }

    private PartitionFetch resolve(FetchTarget t) {
        TopicImage image = t.topicId != null && !Uuid.ZERO_UUID.equals(t.topicId)
                ? broker.image().topic(t.topicId).orElse(null)
                : broker.image().topic(t.topic).orElse(null);
        Partition partition = null;
        short error = t.topic == null || t.topic.isEmpty() ? Errors.UNKNOWN_TOPIC_ID.code()
                : Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
        if (image != null) {
            TopicPartition tp = new TopicPartition(image.name(), t.partition);
            partition = broker.replicaManager().partition(tp);
            error = partition != null ? Errors.NONE.code() : broker.replicaManager().notHostedError(tp).code();
        }
        return new PartitionFetch(partition, t.fetchOffset, t.maxBytes, t.currentLeaderEpoch,
                new FetchResponseData.PartitionData().setPartitionIndex(t.partition), error);
    }

    private CompletionStage<ApiMessage> fetch(FetchRequestData data, short version, List<FetchTarget> targets,
            FetchSession session, boolean incremental) {
        List<PartitionFetch> fetches = resolve(targets);
        List<Partition> watched = watched(fetches);
        int maxBytes = data.maxBytes() <= 0 ? Integer.MAX_VALUE : data.maxBytes();
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        FetchReader.Reads how = new FetchReader.Reads(readCommitted, version >= 11, data.rackId(), selector,
                broker.image());
        long bytes = FetchReader.read(fetches, maxBytes, how);
        if (data.maxWaitMs() <= 0 || bytes >= data.minBytes() || anyError(fetches) || watched.isEmpty()) {
            return CompletableFuture.completedFuture(assemble(targets, fetches, session, incremental));
        }
        // a partition that fails (leadership moved, deleted) ends the wait at once, as in Kafka
        DelayedFetch delayed = new DelayedFetch(watched, () -> {
            long read = FetchReader.read(fetches, maxBytes, how);
            return anyError(fetches) ? Long.MAX_VALUE : read;
        }, Math.max(1, data.minBytes()), false);
        return delayed.start(broker.timer(), data.maxWaitMs())
                .thenApply(ignored -> assemble(targets, fetches, session, incremental));
    }

    private static boolean anyError(List<PartitionFetch> fetches) {
        for (int i = 0; i < fetches.size(); i++) {
            if (fetches.get(i).out().errorCode() != Errors.NONE.code()) {
                return true;
            }
        }
        return false;
    }

    /** {@code response} with the current leaders of partitions this broker does not lead (KIP-951). */
    private ApiMessage hinted(RequestContext ctx, ApiMessage response) {
        if (response instanceof FetchResponseData fetch) {
            LeaderHints.addTo(fetch, broker.image(), ctx.listenerName(), ctx.apiVersion());
        }
        return response;
    }

    /** The response: every partition for a full fetch, only those with news for an incremental one. */
    private static FetchResponseData assemble(List<FetchTarget> targets, List<PartitionFetch> fetches,
            FetchSession session, boolean incremental) {
        FetchResponseData response = new FetchResponseData()
                .setErrorCode(Errors.NONE.code())
                .setSessionId(session == null ? FetchMetadata.INVALID_SESSION_ID : session.id);
        Map<Object, FetchResponseData.FetchableTopicResponse> topics = new LinkedHashMap<>();
        Object lock = session == null ? new Object() : session;
        synchronized (lock) {
            for (int i = 0; i < targets.size(); i++) {
                FetchTarget t = targets.get(i);
                FetchResponseData.PartitionData out = fetches.get(i).out();
                if (incremental && !hasNews(t, out)) {
                    continue;
                }
                t.sentHighWatermark = out.highWatermark();
                t.sentLastStableOffset = out.lastStableOffset();
                t.sentLogStartOffset = out.logStartOffset();
                Object topicKey = t.topicId != null && !Uuid.ZERO_UUID.equals(t.topicId) ? t.topicId : t.topic;
                topics.computeIfAbsent(topicKey, k -> {
                    FetchResponseData.FetchableTopicResponse tr = new FetchResponseData.FetchableTopicResponse()
                            .setTopic(t.topic)
                            .setTopicId(t.topicId == null ? Uuid.ZERO_UUID : t.topicId);
                    response.responses().add(tr);
                    return tr;
                }).partitions().add(out);
            }
        }
        return response;
    }

    private static boolean hasNews(FetchTarget t, FetchResponseData.PartitionData out) {
        return out.errorCode() != Errors.NONE.code()
                || out.records().sizeInBytes() > 0
                || out.highWatermark() != t.sentHighWatermark
                || out.lastStableOffset() != t.sentLastStableOffset
                || out.logStartOffset() != t.sentLogStartOffset;
    }

    private static List<FetchTarget> requested(FetchRequestData data, boolean byId) {
        List<FetchTarget> out = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : data.topics()) {
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                FetchTarget t = new FetchTarget(byId ? "" : topic.topic(), byId ? topic.topicId() : Uuid.ZERO_UUID,
                        p.partition(), p.fetchOffset(), p.partitionMaxBytes(), p.currentLeaderEpoch());
                t.lastFetchedEpoch = p.lastFetchedEpoch();
                t.replicaLogStartOffset = p.logStartOffset();
                out.add(t);
            }
        }
        return out;
    }

    private static List<Object> forgotten(FetchRequestData data, boolean byId) {
        List<Object> out = new ArrayList<>();
        for (FetchRequestData.ForgottenTopic topic : data.forgottenTopicsData()) {
            for (int p : topic.partitions()) {
                out.add(new FetchTarget(byId ? "" : topic.topic(), byId ? topic.topicId() : Uuid.ZERO_UUID, p, 0, 0, -1)
                        .key());
            }
        }
        return out;
    }

    private static CompletionStage<ApiMessage> error(Errors error) {
        return CompletableFuture.completedFuture(new FetchResponseData()
                .setErrorCode(error.code())
                .setSessionId(FetchMetadata.INVALID_SESSION_ID));
    }
}
