package io.tributary.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.broker.replica.Partition;
import io.tributary.metadata.controller.TopicOperations;
import io.tributary.network.api.ApiHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental fetch sessions (KIP-227) against a whole broker, without sockets. */
class FetchSessionTest {

    private static final short VERSION = 12;

    @TempDir
    Path dir;

    private BrokerTestContext ctx;
    private ApiHandler fetch;

    @BeforeEach
    void start() throws Exception {
        ctx = BrokerTestContext.start(dir, TestBrokerConfig.defaults());
        ctx.context().controller()
                .createTopics(List.of(new TopicOperations.NewTopic("t", 3, (short) 1, Map.of(), Map.of())), false)
                .join();
        fetch = new FetchHandler(ctx.context(), 2);
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
    }

    private void append(int partition, String value) {
        Partition p = ctx.context().replicaManager().partition(new TopicPartition("t", partition));
        p.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value.getBytes())).buffer(),
                (short) -1, 1);
    }

    private FetchResponseData fetch(int sessionId, int epoch, List<Integer> partitions, List<Integer> forgotten,
            long offset) throws Exception {
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionId(sessionId).setSessionEpoch(epoch);
        if (!partitions.isEmpty()) {
            FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic("t");
            for (int p : partitions) {
                topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(offset)
                        .setPartitionMaxBytes(1 << 20));
            }
            data.topics().add(topic);
        }
        if (!forgotten.isEmpty()) {
            data.forgottenTopicsData().add(
                    new FetchRequestData.ForgottenTopic().setTopic("t").setPartitions(forgotten));
        }
        AbstractRequest request = AbstractRequest.parseRequest(ApiKeys.FETCH, VERSION,
                MessageUtil.toByteBufferAccessor(data, VERSION)).request;
        return (FetchResponseData) BrokerTestContext.handle(fetch, request).get();
    }

    private static Set<Integer> partitions(FetchResponseData r) {
        assertThat(r.errorCode()).as("top-level error").isZero();
        return r.responses().stream().flatMap(t -> t.partitions().stream())
                .map(FetchResponseData.PartitionData::partitionIndex).collect(Collectors.toSet());
    }

    @Test
    void incrementalResponsesCarryOnlyPartitionsWithNews() throws Exception {
        FetchResponseData first = fetch(0, 0, List.of(0, 1, 2), List.of(), 0);
        assertThat(first.sessionId()).isNotZero();
        assertThat(partitions(first)).containsExactlyInAnyOrder(0, 1, 2);
        int session = first.sessionId();

        assertThat(partitions(fetch(session, 1, List.of(), List.of(), 0))).isEmpty();

        append(1, "a");
        FetchResponseData third = fetch(session, 2, List.of(), List.of(), 0);
        assertThat(third.errorCode()).isZero();
        assertThat(partitions(third)).containsExactly(1);
        assertThat(third.responses().get(0).partitions().get(0).records().sizeInBytes()).isPositive();

        // the consumer moves past the record: no news again
        assertThat(partitions(fetch(session, 3, List.of(1), List.of(), 1))).isEmpty();
    }

    @Test
    void forgottenPartitionsLeaveTheSession() throws Exception {
        int session = fetch(0, 0, List.of(0, 1), List.of(), 0).sessionId();
        assertThat(partitions(fetch(session, 1, List.of(), List.of(1), 0))).isEmpty();
        append(1, "b");
        append(0, "c");
        assertThat(partitions(fetch(session, 2, List.of(), List.of(), 0))).containsExactly(0);
    }

    @Test
    void wrongEpochsUnknownSessionsAndClosedSessionsAreRefused() throws Exception {
        int session = fetch(0, 0, List.of(0), List.of(), 0).sessionId();
        assertThat(fetch(session, 5, List.of(), List.of(), 0).errorCode())
                .isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH.code());
        assertThat(fetch(12345, 1, List.of(), List.of(), 0).errorCode())
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        FetchResponseData closing = fetch(session, -1, List.of(0), List.of(), 0);
        assertThat(closing.sessionId()).isZero();
        assertThat(partitions(closing)).containsExactly(0);
        assertThat(fetch(session, 1, List.of(), List.of(), 0).errorCode())
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
    }

    @Test
    void aFullCacheEvictsTheLeastRecentlyUsedSession() throws Exception {
        int a = fetch(0, 0, List.of(0), List.of(), 0).sessionId();
        int b = fetch(0, 0, List.of(1), List.of(), 0).sessionId();
        int c = fetch(0, 0, List.of(2), List.of(), 0).sessionId();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        assertThat(fetch(a, 1, List.of(), List.of(), 0).errorCode())
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        assertThat(fetch(c, 1, List.of(), List.of(), 0).errorCode()).isZero();
    }
}
