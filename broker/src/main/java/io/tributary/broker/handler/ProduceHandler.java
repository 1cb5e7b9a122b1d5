package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.codec.ProduceRecords;
import io.tributary.broker.replica.DelayedProduce;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.schema.SchemaValidation;
import io.tributary.codec.RejectedRecordsException;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import io.tributary.storage.AppendResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Produce: appends each partition's batch to the local leader (found through the replica manager)
 * and answers with its base offset. acks=all answers once the high watermark has passed every
 * partition's records (a {@link DelayedProduce}, up to the request's timeout; with every in-sync
 * replica local it has passed when the append returns). As in Apache Kafka: acks=0 gets no
 * response, and when any partition failed the connection is closed instead, so the producer
 * notices and refreshes its metadata; internal topics ({@code __consumer_offsets}, {@code
 * __transaction_state}) take appends only from the broker itself or a client whose id is
 * {@value #ADMIN_CLIENT_ID}, others get INVALID_TOPIC_EXCEPTION. A batch refused for some of its
 * records (a record without a key in a compacted topic) gets INVALID_RECORD with each of them in
 * {@code record_errors} (KIP-467), so the producer fails those records with their own error and
 * the rest of the batch with Kafka's "part of a batch with invalid records" one; so is a batch that
 * breaks the topic's broker-side schema validation ({@link SchemaValidation}).
 */
public final class ProduceHandler extends TypedHandler<ProduceRequest> {

    /** The client id Kafka lets append to internal topics ({@code AdminUtils.ADMIN_CLIENT_ID}). */
    static final String ADMIN_CLIENT_ID = "__admin_client";

    private final BrokerContext broker;
    private final SchemaValidation schemaValidation;

    public ProduceHandler(BrokerContext broker) {
        this(broker, new SchemaValidation());
    }

    /** A handler that checks records against the schema registry where a topic asks for it. */
    public ProduceHandler(BrokerContext broker, SchemaValidation schemaValidation) {
        super(ApiKeys.PRODUCE, 3, 13, ProduceRequest.class);
        this.broker = broker;
        this.schemaValidation = schemaValidation;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ProduceRequest request) {
        ProduceRequestData data = request.data();
        short acks = data.acks();
        ProduceResponseData response = new ProduceResponseData();
        boolean badAcks = acks != 0 && acks != 1 && acks != -1;
        DelayedProduce pending = null;
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            TopicImage image = topic.name() == null || topic.name().isEmpty()
                    ? broker.image().topic(topic.topicId()).orElse(null)
                    : broker.image().topic(topic.name()).orElse(null);
            TopicProduceResponse out = new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData p : topic.partitionData()) {
                PartitionProduceResponse pr = new PartitionProduceResponse().setIndex(p.index());
                pr.setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                if (badAcks) {
                    pr.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else {
                    pending = append(ctx, topic, image, p, acks, pr, pending);
                }
                out.partitionResponses().add(pr);
            }
            response.responses().add(out);
        }
        if (pending != null) {
            return pending.start(data.timeoutMs()).thenApply(ignored -> {
                LeaderHints.addTo(response, broker.image(), ctx.listenerName(), ctx.apiVersion());
                return (ApiMessage) response;
            });
        }
        if (acks != 0) {
            LeaderHints.addTo(response, broker.image(), ctx.listenerName(), ctx.apiVersion());
            return CompletableFuture.completedFuture(response);
        }
        Errors failed = firstError(response);
        return failed == Errors.NONE ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(failed.exception("acks=0 produce failed: " + failed.message()));
    }

    private static Errors firstError(ProduceResponseData response) {
        for (TopicProduceResponse topic : response.responses()) {
            for (PartitionProduceResponse p : topic.partitionResponses()) {
                if (p.errorCode() != Errors.NONE.code()) {
                    return Errors.forCode(p.errorCode());
                }
            }
        }
        return Errors.NONE;
    }

    /** Appends one partition's batch; returns the acks=all wait, created when this partition needs it. */
    private DelayedProduce append(RequestContext ctx, ProduceRequestData.TopicProduceData topic, TopicImage image,
            ProduceRequestData.PartitionProduceData p, short acks, PartitionProduceResponse pr,
            DelayedProduce pending) {
        if (image == null) {
            boolean byId = topic.name() == null || topic.name().isEmpty();
            pr.setErrorCode(byId ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return pending;
        }
        if (Topic.isInternal(image.name()) && !ADMIN_CLIENT_ID.equals(ctx.clientId())) {
            pr.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage("Cannot append to internal topic " + image.name());
            return pending;
        }
        try {
            Partition partition = broker.replicaManager()
                    .partitionOrException(new TopicPartition(image.name(), p.index()));
            java.nio.ByteBuffer records = ProduceRecords.buffer(ctx.apiVersion(), p.records());
            int bytes = records.remaining();
            schemaValidation.check(image.name(), image.configs(), records);
            int minInsync = acks == -1 ? broker.topicConfigs().minInsyncReplicas(image) : 1;
            AppendResult result = partition.appendAsLeader(records, acks, minInsync);
            if (!result.duplicate()) {
                broker.metrics().recordsIn(image.name(), result.recordCount(), bytes);
            }
            pr.setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(result.logAppendTime())
                    .setLogStartOffset(result.logStartOffset());
            if (acks == -1 && !broker.replicaManager().unsafeAckBeforeReplication()) {
                long required = result.lastOffset() + 1;
                Errors acked = partition.checkEnoughReplicasReachOffset(required, minInsync);
                if (acked == null) {
                    pending = pending != null ? pending : broker.replicaManager().delayedProduce();
                    pending.add(partition, required, minInsync, error -> fail(pr, error));
                } else {
                    fail(pr, acked);
                }
            }
        } catch (RuntimeException e) {
            pr.setErrorCode(Responses.error(e).code()).setErrorMessage(Responses.message(e));
            if (e instanceof RejectedRecordsException rejected) {
                rejected.recordErrors().forEach(r -> pr.recordErrors().add(new BatchIndexAndErrorMessage()
                        .setBatchIndex(r.batchIndex).setBatchIndexErrorMessage(r.message)));
            }
        }
        return pending;
    }

    private static void fail(PartitionProduceResponse pr, Errors error) {
        if (error != Errors.NONE) {
            pr.setErrorCode(error.code());
        }
    }
}
