package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.metadata.BrokerEndpoint;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeClusterHandlerTest {

    private BrokerTestContext broker;
    private DescribeClusterHandler handler;

    @BeforeEach
    void start() {
        broker = BrokerTestContext.metadataOnly(TestBrokerConfig.defaults());
        handler = new DescribeClusterHandler(broker.context());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private DescribeClusterResponseData describe(int version, DescribeClusterRequestData data) {
        return broker.call(handler, new DescribeClusterRequest.Builder(data).build((short) version));
    }

    @Test
    void describesThisNodeAtEveryVersion() {
        for (int version = 0; version <= 2; version++) {
            DescribeClusterResponseData r = describe(version, new DescribeClusterRequestData());

            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(r.clusterId()).isEqualTo(broker.context().image().clusterId()).isNotEmpty();
            assertThat(r.controllerId()).isEqualTo(BrokerTestContext.NODE_ID);
            assertThat(r.clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
            assertThat(r.brokers()).singleElement().satisfies(b -> {
                assertThat(b.brokerId()).isEqualTo(BrokerTestContext.NODE_ID);
                assertThat(b.host()).isEqualTo("localhost");
                assertThat(b.port()).isEqualTo(9092);
                assertThat(b.rack()).isNull();
                assertThat(b.isFenced()).isFalse();
            });
        }
    }

    @Test
    void listsBrokersOnTheRequestsListenerOnly() {
        broker.addBroker(2, List.of(new BrokerEndpoint("PLAINTEXT", "h2", 9093, "PLAINTEXT")), "rack-b", false);
        broker.addBroker(3, List.of(new BrokerEndpoint("INTERNAL", "h3", 9094, "PLAINTEXT")), null, false);
        broker.addBroker(4, List.of(new BrokerEndpoint("PLAINTEXT", "h4", 9095, "PLAINTEXT")), null, true);

        DescribeClusterResponseData r = describe(1, new DescribeClusterRequestData());

        assertThat(r.brokers()).extracting(DescribeClusterBroker::brokerId).containsExactly(1, 2);
        DescribeClusterBroker b2 = r.brokers().find(2);
        assertThat(b2.host()).isEqualTo("h2");
        assertThat(b2.port()).isEqualTo(9093);
        assertThat(b2.rack()).isEqualTo("rack-b");
    }

    @Test
    void includesFencedBrokersWhenAskedAtV2() {
        broker.addBroker(4, List.of(new BrokerEndpoint("PLAINTEXT", "h4", 9095, "PLAINTEXT")), null, true);

        DescribeClusterResponseData r = describe(2, new DescribeClusterRequestData().setIncludeFencedBrokers(true));

        assertThat(r.brokers()).extracting(DescribeClusterBroker::brokerId).containsExactly(1, 4);
        assertThat(r.brokers().find(4).isFenced()).isTrue();
        assertThat(r.brokers().find(1).isFenced()).isFalse();
    }

    @Test
    void authorizedOperationsWhenRequested() {
        DescribeClusterResponseData r = describe(1, new DescribeClusterRequestData()
                .setIncludeClusterAuthorizedOperations(true));

        Set<Byte> ops = Utils.from32BitField(r.clusterAuthorizedOperations());
        assertThat(ops).contains(AclOperation.DESCRIBE.code(), AclOperation.ALTER.code(),
                AclOperation.CREATE.code(), AclOperation.IDEMPOTENT_WRITE.code())
                .doesNotContain(AclOperation.READ.code());
    }

    @Test
    void controllerEndpointsAreNotServedByABroker() {
        DescribeClusterResponseData r = describe(1, new DescribeClusterRequestData().setEndpointType((byte) 2));

        assertThat(r.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(r.errorMessage()).isNotBlank();
        assertThat(r.brokers()).isEmpty();
    }

    @Test
    void unknownEndpointTypeIsUnsupported() {
        DescribeClusterResponseData r = describe(1, new DescribeClusterRequestData().setEndpointType((byte) 7));

        assertThat(r.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
        assertThat(r.errorMessage()).isEqualTo("Unsupported endpoint type 7");
    }
}
