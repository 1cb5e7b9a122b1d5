package io.tributary.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ApiVersions v5 (KIP-1242): a client that knows which node of which cluster it means to reach
 * names both, and a node that is not that one answers REBOOTSTRAP_REQUIRED, as Kafka 4.4's broker
 * does. Requests go through a connection's whole pipeline (embedded, no sockets).
 */
class ApiVersionsIdentityTest {

    private static final short V4 = 4;
    private static final short V5 = 5;
    private static final NodeIdentity SELF = new NodeIdentity("tributary-cluster-A", 3);

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
    void v5IsServed() {
        assertThat(ApiKeys.API_VERSIONS.latestVersion()).isEqualTo(V5);
        context = new PipelineTestContext(SELF);

        ApiVersionsResponseData response = send(V5, client());

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.apiKeys().find(ApiKeys.API_VERSIONS.id))
                .extracting(ApiVersion::minVersion, ApiVersion::maxVersion)
                .containsExactly((short) 0, V5);
    }

    @Test
    void theNodeTheClientMeansIsServed() {
        context = new PipelineTestContext(SELF);

        ApiVersionsResponseData response = send(V5, client().setClusterId("tributary-cluster-A").setNodeId(3));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.apiKeys()).isNotEmpty();
        assertThat(context.channel.isActive()).isTrue();
    }

    @Test
    void anotherClusterGetsRebootstrapRequired() {
        context = new PipelineTestContext(SELF);

        ApiVersionsResponseData response = send(V5, client().setClusterId("tributary-cluster-B").setNodeId(3));

        assertThat(response.errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(response.apiKeys()).isEmpty();
        assertThat(context.channel.isActive()).as("the client closes the connection, not the broker").isTrue();
    }

    @Test
    void beforeTheClusterIdIsChosenNothingIsJudgedAndAfterwardsTheNewIdCounts() {
        NodeIdentity[] now = {new NodeIdentity("", 3)}; // a cluster's quorum picks its id after the listeners start
        context = new PipelineTestContext(() -> now[0]);

        assertThat(send(V5, client().setClusterId("tributary-cluster-A").setNodeId(3)).errorCode())
                .isEqualTo(Errors.NONE.code());
        now[0] = SELF;
        assertThat(send(V5, client().setClusterId("tributary-cluster-B").setNodeId(3)).errorCode())
                .isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
    }

    @Test
    void anotherNodeOfTheSameClusterGetsRebootstrapRequired() {
        context = new PipelineTestContext(SELF);

        ApiVersionsResponseData response = send(V5, client().setClusterId("tributary-cluster-A").setNodeId(4));

        assertThat(response.errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(response.apiKeys()).isEmpty();
    }

    @Test
    void aClusterWithoutANodeOrANodeWithoutAClusterIsAnInvalidRequest() {
        context = new PipelineTestContext(SELF);

        assertThat(send(V5, client().setClusterId("tributary-cluster-A")).errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(send(V5, client().setNodeId(3)).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void aRequestThatNamesNoNodeIsServedWhateverTheVersion() {
        context = new PipelineTestContext(SELF);

        assertThat(send(V5, client()).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(send(V4, client()).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void aHandlerThatKnowsNoIdentityChecksNone() {
        context = new PipelineTestContext();

        ApiVersionsResponseData response = send(V5, client().setClusterId("any").setNodeId(9));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
    }

    private ApiVersionsResponseData send(short version, ApiVersionsRequestData body) {
        context.send(ApiKeys.API_VERSIONS, version, 11, body);
        List<ByteBuffer> responses = context.responses();
        assertThat(responses).hasSize(1);
        ApiVersionsResponse response = KafkaWire.response(responses.get(0), ApiKeys.API_VERSIONS, version);
        return response.data();
    }

    private static ApiVersionsRequestData client() {
        return new ApiVersionsRequestData().setClientSoftwareName("apache-kafka-java")
                .setClientSoftwareVersion("4.4.0");
    }
}
