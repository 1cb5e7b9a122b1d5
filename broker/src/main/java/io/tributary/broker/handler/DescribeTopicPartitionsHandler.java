package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeTopicPartitions (v0, KIP-966), what the Admin client's {@code describeTopics} and so
 * {@code kafka-topics --describe} ask first: the named topics (every topic when none is named),
 * in name order, with their partitions' leader, leader epoch, replicas, in-sync replicas and
 * offline replicas (on brokers that are fenced, unknown or without the request's listener).
 * Eligible leader replicas are not kept, so both ELR lists are empty.
 *
 * <p>Paging as Kafka's brokers do it: at most {@code min(ResponsePartitionLimit, 2000)}
 * partitions per response; when more remain, {@code NextCursor} names the topic and partition
 * to continue from, and a request's {@code Cursor} starts there (topics before it are skipped;
 * a named cursor topic must be among the requested topics, else INVALID_REQUEST). An unknown
 * topic named in the request is UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an
 * invalid name) and takes no room in the limit. Stateless.
 */
public final class DescribeTopicPartitionsHandler extends TypedHandler<DescribeTopicPartitionsRequest> {

    /** Kafka's {@code max.request.partition.size.limit} default. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;

    /** Kafka's operations applicable to a TOPIC (AclEntry.supportedOperations); no authorizer: all. */
    private static final int TOPIC_OPERATIONS = bitField(Set.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS));

    private final BrokerContext broker;

    public DescribeTopicPartitionsHandler(BrokerContext broker) {
        super(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, 0, DescribeTopicPartitionsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeTopicPartitionsRequest request) {
        return CompletableFuture.completedFuture(describe(broker.image(), ctx.listenerName(), request.data()));
    }

    static DescribeTopicPartitionsResponseData describe(MetadataImage image, String listener,
            DescribeTopicPartitionsRequestData data) {
        boolean all = data.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = data.cursor();
        String cursorTopic = cursor == null ? "" : cursor.topicName();
        TreeSet<String> names = new TreeSet<>();
        if (all) {
            image.topics().keySet().stream().filter(n -> n.compareTo(cursorTopic) >= 0).forEach(names::add);
        } else {
            data.topics().stream().map(DescribeTopicPartitionsRequestData.TopicRequest::name)
                    .filter(n -> n.compareTo(cursorTopic) >= 0).forEach(names::add);
            if (cursor != null && !names.contains(cursorTopic)) {
                throw new InvalidRequestException(
                        "DescribeTopicPartitions: the topic list must contain the cursor topic " + cursorTopic);
            }
        }
        DescribeTopicPartitionsResponseData out = new DescribeTopicPartitionsResponseData();
        int remaining = Math.min(MAX_PARTITIONS_PER_RESPONSE, data.responsePartitionLimit());
        for (String name : names) {
            if (remaining <= 0) {
                out.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            TopicImage topic = image.topic(name).orElse(null);
            if (topic == null) {
                if (!all) {
                    out.topics().add(unknown(name));
                }
                continue;
            }
            int start = name.equals(cursorTopic) ? Math.max(0, cursor.partitionIndex()) : 0;
            int end = Math.min(topic.partitionCount(), start + remaining);
            DescribeTopicPartitionsResponseTopic t = new DescribeTopicPartitionsResponseTopic()
                    .setErrorCode(Errors.NONE.code()).setName(name).setTopicId(topic.id())
                    .setIsInternal(Topic.isInternal(name)).setTopicAuthorizedOperations(TOPIC_OPERATIONS);
            for (int p = start; p < end; p++) {
                PartitionImage partition = topic.partition(p);
                if (partition != null) {
                    t.partitions().add(partition(PartitionView.of(image, partition, listener)));
                }
            }
            out.topics().add(t);
            if (end < topic.partitionCount()) {
                out.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(end));
                break;
            }
            remaining -= t.partitions().size();
        }
        return out;
    }

    private static DescribeTopicPartitionsResponsePartition partition(PartitionView view) {
        PartitionImage p = view.partition();
        return new DescribeTopicPartitionsResponsePartition()
                .setErrorCode(Errors.NONE.code())
                .setPartitionIndex(p.partition())
                .setLeaderId(view.availableLeader())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(new ArrayList<>(p.replicas()))
                .setIsrNodes(new ArrayList<>(p.isr()))
                .setEligibleLeaderReplicas(new ArrayList<>())
                .setLastKnownElr(new ArrayList<>())
                .setOfflineReplicas(new ArrayList<>(view.offlineReplicas()));
    }

    private static DescribeTopicPartitionsResponseTopic unknown(String name) {
        Errors error = Topic.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.INVALID_TOPIC_EXCEPTION;
        return new DescribeTopicPartitionsResponseTopic().setErrorCode(error.code()).setName(name)
                .setTopicId(Uuid.ZERO_UUID).setIsInternal(Topic.isInternal(name));
    }

    private static int bitField(Set<AclOperation> operations) {
        Set<Byte> codes = new HashSet<>();
        for (AclOperation op : operations) {
            codes.add(op.code());
        }
        return Utils.to32BitField(codes);
    }

}
