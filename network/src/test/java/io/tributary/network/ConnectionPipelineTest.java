package io.tributary.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tributary.network.MockHandler.Call;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionPipelineTest {

    private static final short METADATA_V12 = 12;
    private static final short CLUSTER_V1 = 1;

    private PipelineTestContext context;

    @BeforeEach
    void enableLeakDetection() {
        LeakDetection.enable();
    }

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
        LeakDetection.assertNoLeaks();
    }

    @Test
    void apiVersionsAdvertisesTheRegisteredHandlers() {
        context = new PipelineTestContext(MockHandler.deferred(ApiKeys.METADATA).versions(1, 12));

        context.send(ApiKeys.API_VERSIONS, ApiKeys.API_VERSIONS.latestVersion(), 7,
                clientSoftware("tributary-test", "1.0"));

        List<ByteBuffer> responses = context.responses();
        assertThat(responses).hasSize(1);
        assertThat(KafkaWire.correlationId(responses.get(0))).isEqualTo(7);
        ApiVersionsResponse response = KafkaWire.response(responses.get(0), ApiKeys.API_VERSIONS,
                ApiKeys.API_VERSIONS.latestVersion());
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().apiKeys())
                .extracting(ApiVersion::apiKey, ApiVersion::minVersion, ApiVersion::maxVersion)
                .containsExactlyInAnyOrder(
                        tuple(ApiKeys.METADATA.id, (short) 1, (short) 12),
                        tuple(ApiKeys.API_VERSIONS.id, (short) 0,
                                ApiKeys.API_VERSIONS.latestVersion()));
    }

    @Test
    void aRequestAwaitingItsResponseHoldsNoNetworkBuffer() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(cluster);
        ByteBuf input = Unpooled.directBuffer()
                .writeBytes(KafkaWire.request(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 5,
                        new DescribeClusterRequestData()));

        context.channel.writeInbound(input);
        context.channel.runPendingTasks();

        assertThat(cluster.calls()).hasSize(1);
        assertThat(input.refCnt()).isZero();
        cluster.calls().get(0).response().complete(new DescribeClusterResponseData());
        assertThat(context.correlationIds()).containsExactly(5);
    }

    @Test
    void apiVersionsOfAnUnknownVersionGetsAV0UnsupportedVersionAnswer() {
        context = new PipelineTestContext();
        short future = (short) (ApiKeys.API_VERSIONS.latestVersion() + 10);

        context.sendBytes(KafkaWire.request(ApiKeys.API_VERSIONS, future, (short) 2, 3,
                clientSoftware("future-client", "9.9")));

        List<ByteBuffer> responses = context.responses();
        assertThat(responses).hasSize(1);
        ApiVersionsResponse response = KafkaWire.response(responses.get(0), ApiKeys.API_VERSIONS, (short) 0);
        assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(response.data().apiKeys()).singleElement().satisfies(v -> {
            assertThat(v.apiKey()).isEqualTo(ApiKeys.API_VERSIONS.id);
            assertThat(v.maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
        });
        assertThat(context.channel.isActive()).isTrue();
    }

    @Test
    void apiVersionsWithAnInvalidClientSoftwareNameGetsInvalidRequest() {
        context = new PipelineTestContext();

        context.send(ApiKeys.API_VERSIONS, (short) 3, 1, clientSoftware("bad name!", "1.0"));

        ApiVersionsResponse response = KafkaWire.response(context.responses().get(0), ApiKeys.API_VERSIONS, (short) 3);
        assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() {
        context = new PipelineTestContext();

        context.sendBytes(KafkaWire.framed(new byte[] {0x7f, 0x00, 0, 0, 0, 0, 0, 1, 0, 0}));

        assertThat(context.channel.isActive()).isFalse();
        assertThat(context.responses()).isEmpty();
    }

    @Test
    void aKnownApiKeyWithoutAHandlerClosesTheConnection() {
        context = new PipelineTestContext();

        context.send(ApiKeys.METADATA, METADATA_V12, 1, new MetadataRequestData());

        assertThat(context.channel.isActive()).isFalse();
    }

    @Test
    void aVersionOutsideTheHandlersRangeClosesTheConnection() {
        MockHandler metadata = MockHandler.answering(ApiKeys.METADATA, (c, r) -> new MetadataResponseData())
                .versions(4, 9);
        context = new PipelineTestContext(metadata);

        context.send(ApiKeys.METADATA, METADATA_V12, 1, new MetadataRequestData());

        assertThat(context.channel.isActive()).isFalse();
        assertThat(metadata.calls()).isEmpty();
    }

    @Test
    void aBodyThatDoesNotParseClosesTheConnection() {
        MockHandler metadata = MockHandler.answering(ApiKeys.METADATA, (c, r) -> new MetadataResponseData());
        context = new PipelineTestContext(metadata);
        byte[] valid = KafkaWire.request(ApiKeys.METADATA, METADATA_V12, 1, new MetadataRequestData());
        byte[] headerOnly = java.util.Arrays.copyOf(valid, valid.length - 2);
        ByteBuffer.wrap(headerOnly).putInt(0, headerOnly.length - 4);

        context.sendBytes(headerOnly);

        assertThat(context.channel.isActive()).isFalse();
        assertThat(metadata.calls()).isEmpty();
    }

    @Test
    void theHandlerSeesTheConnectionsContext() {
        MockHandler cluster = MockHandler.answering(ApiKeys.DESCRIBE_CLUSTER,
                (c, r) -> new DescribeClusterResponseData());
        context = new PipelineTestContext(cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 11, new DescribeClusterRequestData());
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 12, new DescribeClusterRequestData());

        assertThat(context.correlationIds()).containsExactly(11, 12);
        Call first = cluster.calls().get(0);
        assertThat(first.context().listenerName()).isEqualTo("PLAINTEXT");
        assertThat(first.context().securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(first.context().clientId()).isEqualTo("test-client");
        assertThat(first.context().apiVersion()).isEqualTo(CLUSTER_V1);
        assertThat(first.context().connectionId()).isEqualTo(cluster.calls().get(1).context().connectionId());
    }

    @Test
    void responsesLeaveInRequestOrderWhenHandlersCompleteOutOfOrder() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(cluster);
        for (int id = 1; id <= 4; id++) {
            context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, id, new DescribeClusterRequestData());
        }

        answer(cluster, 3);
        answer(cluster, 1);
        assertThat(context.correlationIds()).containsExactly(1);
        answer(cluster, 4);
        assertThat(context.correlationIds()).isEmpty();
        answer(cluster, 2);
        assertThat(context.correlationIds()).containsExactly(2, 3, 4);
    }

    @Test
    void responsesCompletedOnAnotherThreadStillLeaveInOrder() throws Exception {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(cluster);
        for (int id = 1; id <= 3; id++) {
            context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, id, new DescribeClusterRequestData());
        }

        CompletableFuture.runAsync(() -> {
            answer(cluster, 3);
            answer(cluster, 2);
            answer(cluster, 1);
        }).get();

        assertThat(context.correlationIds()).containsExactly(1, 2, 3);
    }

    @Test
    void aProduceWithAcksZeroGetsNoResponseButKeepsItsPlace() {
        MockHandler produce = MockHandler.deferred(ApiKeys.PRODUCE);
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(produce, cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 1, new DescribeClusterRequestData());
        context.send(ApiKeys.PRODUCE, (short) 9, 2, produceRequest((short) 0));
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 3, new DescribeClusterRequestData());

        cluster.calls().get(1).response().complete(new DescribeClusterResponseData());
        cluster.calls().get(0).response().complete(new DescribeClusterResponseData());
        assertThat(context.correlationIds()).containsExactly(1);
        produce.calls().get(0).response().complete(null);
        assertThat(context.correlationIds()).containsExactly(3);
        assertThat(context.channel.isActive()).isTrue();
    }

    @Test
    void aThrowingHandlerIsAnsweredWithTheRequestsErrorResponse() {
        MockHandler cluster = MockHandler.staged(ApiKeys.DESCRIBE_CLUSTER, (c, r) -> {
            throw new ClusterAuthorizationException("no");
        });
        context = new PipelineTestContext(cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 5, new DescribeClusterRequestData());

        DescribeClusterResponse response = KafkaWire.response(context.responses().get(0), ApiKeys.DESCRIBE_CLUSTER,
                CLUSTER_V1);
        assertThat(response.data().errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(context.channel.isActive()).isTrue();
    }

    @Test
    void aFailedStageIsAnsweredWithTheUnwrappedCausesErrorResponse() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(cluster);
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 5, new DescribeClusterRequestData());

        cluster.calls().get(0).response().completeExceptionally(
                new java.util.concurrent.CompletionException(new ClusterAuthorizationException("no")));

        DescribeClusterResponse response = KafkaWire.response(context.responses().get(0), ApiKeys.DESCRIBE_CLUSTER,
                CLUSTER_V1);
        assertThat(response.data().errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
    }

    @Test
    void aHandlerReturningNoStageGetsAnUnknownServerError() {
        MockHandler cluster = MockHandler.staged(ApiKeys.DESCRIBE_CLUSTER, (c, r) -> null);
        context = new PipelineTestContext(cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 5, new DescribeClusterRequestData());

        DescribeClusterResponse response = KafkaWire.response(context.responses().get(0), ApiKeys.DESCRIBE_CLUSTER,
                CLUSTER_V1);
        assertThat(response.data().errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
    }

    @Test
    void aFailedAcksZeroProduceClosesTheConnectionAfterEarlierResponses() {
        MockHandler produce = MockHandler.deferred(ApiKeys.PRODUCE);
        MockHandler cluster = MockHandler.answering(ApiKeys.DESCRIBE_CLUSTER,
                (c, r) -> new DescribeClusterResponseData());
        context = new PipelineTestContext(produce, cluster);
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 1, new DescribeClusterRequestData());
        context.send(ApiKeys.PRODUCE, (short) 9, 2, produceRequest((short) 0));

        produce.calls().get(0).response().completeExceptionally(new IllegalStateException("disk on fire"));

        assertThat(context.correlationIds()).containsExactly(1);
        assertThat(context.channel.isActive()).isFalse();
    }

    @Test
    void aResponseThatCannotBeEncodedClosesTheConnection() {
        // endpointType exists from v1 on; a non-default value cannot be written at v0
        MockHandler cluster = MockHandler.answering(ApiKeys.DESCRIBE_CLUSTER,
                (c, r) -> new DescribeClusterResponseData().setEndpointType((byte) 2));
        context = new PipelineTestContext(cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, (short) 0, 1, new DescribeClusterRequestData());

        assertThat(context.responses()).isEmpty();
        assertThat(context.channel.isActive()).isFalse();
    }

    @Test
    void stopsReadingAtTheInFlightLimitAndResumesWhenAnswered() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(2, cluster);

        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 1, new DescribeClusterRequestData());
        assertThat(context.channel.config().isAutoRead()).isTrue();
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 2, new DescribeClusterRequestData());
        assertThat(context.channel.config().isAutoRead()).isFalse();

        answer(cluster, 2);
        assertThat(context.channel.config().isAutoRead()).isFalse();
        answer(cluster, 1);
        assertThat(context.channel.config().isAutoRead()).isTrue();
        assertThat(context.correlationIds()).containsExactly(1, 2);
    }

    @Test
    void stopsReadingWhileTheChannelIsNotWritable() {
        context = new PipelineTestContext(MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER));
        io.netty.channel.ChannelOutboundBuffer outbound = context.channel.unsafe().outboundBuffer();

        outbound.setUserDefinedWritability(1, false);
        context.channel.runPendingTasks();
        assertThat(context.channel.config().isAutoRead()).isFalse();
        outbound.setUserDefinedWritability(1, true);
        context.channel.runPendingTasks();
        assertThat(context.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void completionsAfterTheConnectionClosedAreDropped() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(cluster);
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 1, new DescribeClusterRequestData());

        context.channel.close();
        answer(cluster, 1);

        assertThat(context.responses()).isEmpty();
        context.channel.checkException();
    }

    private static void answer(MockHandler handler, int correlationId) {
        handler.calls().stream()
                .filter(call -> call.context().correlationId() == correlationId)
                .findFirst().orElseThrow()
                .response().complete(new DescribeClusterResponseData().setClusterId("c" + correlationId));
    }

    private static ApiVersionsRequestData clientSoftware(String name, String version) {
        return new ApiVersionsRequestData().setClientSoftwareName(name).setClientSoftwareVersion(version);
    }

    private static ProduceRequestData produceRequest(short acks) {
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(1000);
    }
}
