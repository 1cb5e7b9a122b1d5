package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.quorum.QuorumInfo;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.message.DescribeQuorumResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeQuorumRequest;

/**
 * DescribeQuorum (v0-2), what {@code kafka-metadata-quorum describe --status / --replication}
 * asks: the metadata quorum's leader, epoch, high watermark and each voter's log end offset and
 * last fetch, as the active controller sees them (asked of it wherever it runs). Only partition
 * 0 of {@code __cluster_metadata} exists; any other is UNKNOWN_TOPIC_OR_PARTITION. From v2 the
 * voters' controller listeners are listed too.
 */
public final class DescribeQuorumHandler extends TypedHandler<DescribeQuorumRequest> {

    public static final String METADATA_TOPIC = "__cluster_metadata";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final BrokerContext broker;

    public DescribeQuorumHandler(BrokerContext broker) {
        super(ApiKeys.DESCRIBE_QUORUM, 0, 2, DescribeQuorumRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeQuorumRequest request) {
        return broker.controller().describeQuorum().handle((info, error) -> {
            DescribeQuorumResponseData out = new DescribeQuorumResponseData();
            if (error != null) {
                ApiError e = ApiError.fromThrowable(error.getCause() != null ? error.getCause() : error);
                return out.setErrorCode(e.error().code()).setErrorMessage(e.message());
            }
            for (DescribeQuorumRequestData.TopicData t : request.data().topics()) {
                TopicData topic = new TopicData().setTopicName(t.topicName());
                for (DescribeQuorumRequestData.PartitionData p : t.partitions()) {
                    topic.partitions().add(partition(t.topicName(), p.partitionIndex(), info));
                }
                out.topics().add(topic);
            }
            if (ctx.apiVersion() >= 2) {
                for (QuorumInfo.Replica v : info.voters()) {
                    DescribeQuorumResponseData.Node node = new DescribeQuorumResponseData.Node().setNodeId(v.nodeId());
                    node.listeners().add(new DescribeQuorumResponseData.Listener().setName(CONTROLLER_LISTENER)
                            .setHost(v.host()).setPort(v.port() < 0 ? 0 : v.port()));
                    out.nodes().add(node);
                }
            }
            return out;
        });
    }

    private static PartitionData partition(String topic, int index, QuorumInfo info) {
        PartitionData p = new PartitionData().setPartitionIndex(index);
        if (!METADATA_TOPIC.equals(topic) || index != 0) {
            return p.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage("The metadata quorum's log is partition 0 of " + METADATA_TOPIC);
        }
        p.setErrorCode(Errors.NONE.code()).setLeaderId(info.leaderId()).setLeaderEpoch(info.leaderEpoch())
                .setHighWatermark(info.highWatermark());
        for (QuorumInfo.Replica v : info.voters()) {
            p.currentVoters().add(state(v));
        }
        for (QuorumInfo.Replica o : info.observers()) {
            p.observers().add(state(o));
        }
        return p;
    }

    private static ReplicaState state(QuorumInfo.Replica r) {
        return new ReplicaState().setReplicaId(r.nodeId()).setReplicaDirectoryId(Uuid.ZERO_UUID)
                .setLogEndOffset(r.logEndOffset()).setLastFetchTimestamp(r.lastFetchTimestamp())
                .setLastCaughtUpTimestamp(r.lastCaughtUpTimestamp());
    }
}
