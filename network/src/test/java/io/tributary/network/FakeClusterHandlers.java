package io.tributary.network;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Just enough of a broker for real Kafka clients: a one-node cluster where every requested topic
 * exists with one partition led by node 0, and produce that acknowledges at offset 0.
 */
public final class FakeClusterHandlers {

    public static final String CLUSTER_ID = "network-test-cluster";
    public static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    public final List<ProduceRequestData> produced = new CopyOnWriteArrayList<>();
    private final IntSupplier port;

    public FakeClusterHandlers(IntSupplier port) {
        this.port = port;
    }

    public MockHandler metadata() {
        return MockHandler.answering(ApiKeys.METADATA, (context, request) -> {
            MetadataRequestData data = ((MetadataRequest) request).data();
            MetadataResponseData response = new MetadataResponseData()
                    .setClusterId(CLUSTER_ID)
                    .setControllerId(0);
            response.brokers().add(new MetadataResponseBroker().setNodeId(0).setHost("127.0.0.1")
                    .setPort(port.getAsInt()));
            if (data.topics() != null) {
                for (MetadataRequestData.MetadataRequestTopic topic : data.topics()) {
                    response.topics().add(new MetadataResponseTopic()
                            .setName(topic.name())
                            .setTopicId(TOPIC_ID)
                            .setPartitions(List.of(new MetadataResponsePartition()
                                    .setPartitionIndex(0).setLeaderId(0).setLeaderEpoch(0)
                                    .setReplicaNodes(List.of(0)).setIsrNodes(List.of(0)))));
                }
            }
            return response;
        }).versions(1, ApiKeys.METADATA.latestVersion());
    }

    public MockHandler produce() {
        return MockHandler.answering(ApiKeys.PRODUCE, (context, request) -> {
            ProduceRequestData data = ((ProduceRequest) request).data();
            produced.add(data);
            if (data.acks() == 0) {
                return null;
            }
            ProduceResponseData response = new ProduceResponseData();
            for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
                List<PartitionProduceResponse> partitions = new ArrayList<>();
                topic.partitionData().forEach(p -> partitions.add(new PartitionProduceResponse()
                        .setIndex(p.index()).setErrorCode(Errors.NONE.code()).setBaseOffset(0)));
                response.responses().add(new TopicProduceResponse()
                        .setName(topic.name()).setTopicId(topic.topicId()).setPartitionResponses(partitions));
            }
            return response;
        });
    }
}
