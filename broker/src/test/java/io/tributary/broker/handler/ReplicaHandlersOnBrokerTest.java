package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.broker.fetch.FetchHandler;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Produce, Fetch, ListOffsets and DeleteRecords through the replica manager on a whole broker: a
 * partition whose only replica is local ("solo") and one whose ISR also names broker 2, which
 * never fetches ("pair"), so its high watermark stays where it is.
 */
class ReplicaHandlersOnBrokerTest {

    @TempDir
    Path dir;

    private BrokerTestContext ctx;

    @BeforeEach
    void start() throws Exception {
        ctx = BrokerTestContext.start(dir, TestBrokerConfig.defaults());
        ctx.addBroker(2, List.of(BrokerTestContext.ENDPOINT), null, false);
        ctx.createTopic("solo", List.of(1));
        ctx.createTopic("pair", List.of(1, 2)); // two replicas: written as records, the controller refuses RF 2
        ctx.createTopic("away", List.of(2));
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
    }

    private <T extends ApiMessage> T call(ApiKeys key, short version, ApiMessage data,
            io.tributary.network.api.ApiHandler handler) {
        AbstractRequest request = AbstractRequest.parseRequest(key, version,
                MessageUtil.toByteBufferAccessor(data, version)).request;
        return ctx.call(handler, request);
    }

    private ProduceResponseData.PartitionProduceResponse produce(String topic, short acks, int timeoutMs) {
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(timeoutMs);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))))));
        ProduceResponseData r = call(ApiKeys.PRODUCE, (short) 12, data, new ProduceHandler(ctx.context()));
        return r.responses().iterator().next().partitionResponses().get(0);
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse latest(String topic) {
        ListOffsetsRequestData data = new ListOffsetsRequestData().setReplicaId(-1);
        data.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                        .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP))));
        ListOffsetsResponseData r = call(ApiKeys.LIST_OFFSETS, (short) 7, data, new ListOffsetsHandler(ctx.context()));
        return r.topics().get(0).partitions().get(0);
    }

    @Test
    void acksAllOnASingleReplicaAnswersAtOnce() {
        ProduceResponseData.PartitionProduceResponse r = produce("solo", (short) -1, 60_000);

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.baseOffset()).isZero();
        assertThat(latest("solo").offset()).isEqualTo(1);
    }

    @Test
    void acksAllTimesOutWhileAnInSyncFollowerLacksTheRecords() {
        ProduceResponseData.PartitionProduceResponse r = produce("pair", (short) -1, 200);

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(Errors.forCode(produce("pair", (short) 1, 200).errorCode())).isEqualTo(Errors.NONE);
        assertThat(latest("pair").offset()).as("consumers see nothing above the high watermark").isZero();
    }

    @Test
    void aFetchDoesNotSeeRecordsAboveTheHighWatermark() throws Exception {
        produce("pair", (short) 1, 200);
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionEpoch(-1);
        data.topics().add(new FetchRequestData.FetchTopic().setTopic("pair").setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                        .setPartitionMaxBytes(1 << 20))));

        AbstractRequest request = AbstractRequest.parseRequest(ApiKeys.FETCH, (short) 12,
                MessageUtil.toByteBufferAccessor(data, (short) 12)).request;
        FetchResponseData r = (FetchResponseData) BrokerTestContext.handle(new FetchHandler(ctx.context()), request)
                .get();

        FetchResponseData.PartitionData p = r.responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
        assertThat(p.highWatermark()).isZero();
        assertThat(p.records().sizeInBytes()).isZero();
    }

    @Test
    void aProduceToAPartitionLedElsewhereNamesItsLeaderAndTheLeadersEndpoint() {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(200);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("away").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))))));
        ProduceResponseData r = call(ApiKeys.PRODUCE, (short) 12, data, new ProduceHandler(ctx.context()));
        ProduceResponseData.PartitionProduceResponse p = r.responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(p.currentLeader().leaderId()).isEqualTo(2);
        assertThat(p.currentLeader().leaderEpoch()).isZero();
        assertThat(r.nodeEndpoints().find(2)).isNotNull()
                .satisfies(e -> assertThat(e.port()).isEqualTo(BrokerTestContext.ENDPOINT.port()));
    }

    @Test
    void partitionsNotHostedHereGetTheLookupErrors() {
        assertThat(Errors.forCode(produce("away", (short) 1, 200).errorCode()))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(Errors.forCode(latest("away").errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(Errors.forCode(latest("ghost").errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(1000);
        for (String topic : List.of("away", "ghost", "solo")) {
            data.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(topic).setPartitions(List.of(
                    new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(-1))));
        }
        DeleteRecordsResponseData r = call(ApiKeys.DELETE_RECORDS, (short) 2, data,
                new DeleteRecordsHandler(ctx.context()));
        assertThat(r.topics()).extracting(t -> Errors.forCode(t.partitions().iterator().next().errorCode()))
                .containsExactly(Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.NONE);
    }
}
