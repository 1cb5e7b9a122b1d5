package io.tributary.network;

import static io.tributary.network.NetworkServerTestContext.closedByServer;
import static io.tributary.network.NetworkServerTestContext.receive;
import static io.tributary.network.NetworkServerTestContext.send;
import static io.tributary.network.NetworkServerTestContext.sendBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkServerTest {

    private static final short API_VERSIONS_V3 = 3;

    private NetworkServerTestContext context;

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void answersApiVersionsOverARawSocket() throws IOException {
        context = new NetworkServerTestContext();
        Socket socket = context.connect();

        send(socket, ApiKeys.API_VERSIONS, API_VERSIONS_V3, 17, software());
        ByteBuffer frame = receive(socket);

        assertThat(KafkaWire.correlationId(frame)).isEqualTo(17);
        ApiVersionsResponse response = KafkaWire.response(frame, ApiKeys.API_VERSIONS, API_VERSIONS_V3);
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.apiVersion(ApiKeys.API_VERSIONS.id)).isNotNull();
    }

    @Test
    void pipelinedRequestsOnOneSocketAreAnsweredInOrder() throws IOException {
        context = new NetworkServerTestContext();
        Socket socket = context.connect();
        ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
        for (int id = 0; id < 50; id++) {
            batch.put(KafkaWire.request(ApiKeys.API_VERSIONS, API_VERSIONS_V3, id, software()));
        }
        sendBytes(socket, java.util.Arrays.copyOf(batch.array(), batch.position()));

        for (int id = 0; id < 50; id++) {
            assertThat(KafkaWire.correlationId(receive(socket))).isEqualTo(id);
        }
    }

    @Test
    void responsesCompletedOnOtherThreadsInReverseLeaveInRequestOrder() throws Exception {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new NetworkServerTestContext(cluster);
        Socket socket = context.connect();
        for (int id = 0; id < 10; id++) {
            send(socket, ApiKeys.DESCRIBE_CLUSTER, (short) 1, id, new DescribeClusterRequestData());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.calls().size() == 10);

        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            for (int i = 9; i >= 0; i--) {
                CompletableFuture<ApiMessage> response = cluster.calls().get(i).response();
                executor.submit(() -> response.complete(new DescribeClusterResponseData()));
            }
            for (int id = 0; id < 10; id++) {
                assertThat(KafkaWire.correlationId(receive(socket))).isEqualTo(id);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void idleConnectionsAreClosedButNotWhileARequestAwaitsItsResponse() throws IOException {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new NetworkServerTestContext(NetworkConfig.builder()
                .endpoint(Endpoint.plaintext("127.0.0.1", 0)).connectionsMaxIdle(Duration.ofMillis(300)), cluster);
        Socket idle = context.connect();
        Socket waiting = context.connect();
        send(waiting, ApiKeys.DESCRIBE_CLUSTER, (short) 1, 1, new DescribeClusterRequestData());
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.calls().size() == 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> context.server.connectionCount() == 1);
        assertThat(closedByServer(idle)).isTrue();
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> context.server.connectionCount() == 1);

        cluster.calls().get(0).response().complete(new DescribeClusterResponseData());
        assertThat(KafkaWire.correlationId(receive(waiting))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> context.server.connectionCount() == 0);
    }

    @Test
    void socketBufferSizesApplyToAcceptedConnections() throws Exception {
        context = new NetworkServerTestContext(NetworkConfig.builder()
                .endpoint(Endpoint.plaintext("127.0.0.1", 0))
                .socketReceiveBufferBytes(40_000)
                .socketSendBufferBytes(30_000));
        Socket socket = context.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> context.server.connectionCount() == 1);

        // the kernel doubles SO_RCVBUF / SO_SNDBUF for its bookkeeping: rb and tb of ss -m
        String memory = serverSocketMemory(context.port());
        assertThat(memory).contains("rb80000").contains("tb60000");
        socket.close();
    }

    /** The {@code skmem:(...)} of the server side of the one connection to {@code port}, from ss. */
    private static String serverSocketMemory(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-tmnH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int at = out.indexOf("skmem:(");
        assertThat(at).as("ss output: %s", out).isNotNegative();
        return out.substring(at, out.indexOf(')', at) + 1);
    }

    @Test
    void garbageOnOneConnectionLeavesAnotherWorking() throws IOException {
        context = new NetworkServerTestContext();
        Socket good = context.connect();
        Socket bad = context.connect();
        send(good, ApiKeys.API_VERSIONS, API_VERSIONS_V3, 1, software());
        receive(good);

        sendBytes(bad, KafkaWire.framed("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()));

        assertThat(closedByServer(bad)).isTrue();
        send(good, ApiKeys.API_VERSIONS, API_VERSIONS_V3, 2, software());
        assertThat(KafkaWire.correlationId(receive(good))).isEqualTo(2);
    }

    @Test
    void anOversizeRequestClosesTheConnectionWithoutReadingIt() throws IOException {
        context = new NetworkServerTestContext(NetworkConfig.builder()
                .endpoint(Endpoint.plaintext("127.0.0.1", 0)).maxRequestBytes(1024));
        Socket socket = context.connect();

        sendBytes(socket, ByteBuffer.allocate(8).putInt(1025).putInt(0).array());

        assertThat(closedByServer(socket)).isTrue();
    }

    @Test
    void eachListenerGetsItsOwnEphemeralPort() throws IOException {
        context = new NetworkServerTestContext(NetworkConfig.builder()
                .endpoint(Endpoint.plaintext("127.0.0.1", 0))
                .endpoint(new Endpoint("INTERNAL", "127.0.0.1", 0, SecurityProtocol.PLAINTEXT)));
        int internal = context.server.boundPort("INTERNAL");

        assertThat(internal).isPositive().isNotEqualTo(context.port());
        Socket socket = context.connect(internal);
        send(socket, ApiKeys.API_VERSIONS, API_VERSIONS_V3, 5, software());
        assertThat(KafkaWire.correlationId(receive(socket))).isEqualTo(5);
        assertThatThrownBy(() -> context.server.boundPort("NOPE")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeDisconnectsClientsAndReleasesThePort() throws IOException {
        context = new NetworkServerTestContext();
        int port = context.port();
        Socket socket = context.connect();
        send(socket, ApiKeys.API_VERSIONS, API_VERSIONS_V3, 1, software());
        receive(socket);
        await().atMost(Duration.ofSeconds(5)).until(() -> context.server.connectionCount() == 1);

        context.server.close();

        assertThat(closedByServer(socket)).isTrue();
        assertThat(context.server.connectionCount()).isZero();
        try (ServerSocket rebound = new ServerSocket(port)) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
        context.server.close();
    }

    @Test
    void aPortInUseFailsStartAndLeavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            HandlerRegistryFixture fixture = new HandlerRegistryFixture();
            NetworkServer server = new NetworkServer(NetworkConfig.builder()
                    .endpoint(Endpoint.plaintext("127.0.0.1", 0))
                    .endpoint(new Endpoint("SECOND", "127.0.0.1", taken.getLocalPort(), SecurityProtocol.PLAINTEXT))
                    .networkThreads(1).build(), fixture.registry);

            assertThatThrownBy(server::start).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
            server.close();
        }
    }

    @Test
    void refusesListenersWithUnimplementedSecurityProtocols() {
        NetworkConfig config = NetworkConfig.builder()
                .endpoint(new Endpoint("SSL", "127.0.0.1", 0, SecurityProtocol.SSL)).build();

        assertThatThrownBy(() -> new NetworkServer(config, new HandlerRegistryFixture().registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSL");
    }

    @Test
    void kafkaAdminDescribesTheCluster() throws Exception {
        FakeClusterHandlers cluster = new FakeClusterHandlers(() -> context.port());
        context = new NetworkServerTestContext(cluster.metadata());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
            DescribeClusterResult result = admin.describeCluster();

            assertThat(result.clusterId().get(20, TimeUnit.SECONDS)).isEqualTo(FakeClusterHandlers.CLUSTER_ID);
            assertThat(result.nodes().get(20, TimeUnit.SECONDS)).singleElement()
                    .satisfies(node -> assertThat(node.port()).isEqualTo(context.port()));
        }
    }

    @Test
    void kafkaProducerSendsARecord() throws Exception {
        FakeClusterHandlers cluster = new FakeClusterHandlers(() -> context.port());
        context = new NetworkServerTestContext(cluster.metadata(), cluster.produce());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);

        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>("events", "k", "hello"))
                    .get(20, TimeUnit.SECONDS);

            assertThat(metadata.offset()).isZero();
            assertThat(metadata.partition()).isZero();
        }
        assertThat(cluster.produced).isNotEmpty();
    }

    @Test
    void kafkaProducerWithAcksZeroGetsNoResponseAndKeepsWorking() throws Exception {
        FakeClusterHandlers cluster = new FakeClusterHandlers(() -> context.port());
        context = new NetworkServerTestContext(cluster.metadata(), cluster.produce());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.ACKS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);

        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("events", "k", "v" + i)).get(20, TimeUnit.SECONDS);
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.produced.stream()
                .mapToInt(p -> p.topicData().size()).sum() >= 1);
        assertThat(cluster.produced).allSatisfy(p -> assertThat(p.acks()).isZero());
    }

    private static ApiVersionsRequestData software() {
        return new ApiVersionsRequestData().setClientSoftwareName("raw-socket").setClientSoftwareVersion("1.0");
    }

    /** An empty registry, for servers that only need ApiVersions. */
    private static final class HandlerRegistryFixture {
        final io.tributary.network.api.HandlerRegistry registry = new io.tributary.network.api.HandlerRegistry();
    }
}
