package io.tributary.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.server.Tributary;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * KIP-1242 with the real Java client of Apache Kafka 4.4: once it knows the cluster, the client names
 * the node it means in its ApiVersions v5 request; a node that is not that one (here: a node of
 * another cluster at the address the metadata gives) answers REBOOTSTRAP_REQUIRED, and the client
 * bootstraps again instead of producing to the wrong cluster.
 */
class MisroutedConnectionTest {

    private static final short V5 = 5;
    private static final String SENDING = "Sending API_VERSIONS request";
    private static final String REBOOTSTRAP = "Rebootstrap requested by server due to cluster metadata mismatch";

    private final ListAppender<ILoggingEvent> clientLog = new ListAppender<>();
    private final Logger networkClient = (Logger) LoggerFactory.getLogger(NetworkClient.class);

    @BeforeEach
    void captureTheClientsConnectionLog() {
        clientLog.start();
        networkClient.addAppender(clientLog);
        networkClient.setAdditive(false);
        networkClient.setLevel(Level.DEBUG);
    }

    @AfterEach
    void restoreTheClientsLog() {
        networkClient.detachAppender(clientLog);
        networkClient.setAdditive(true);
        networkClient.setLevel(null);
    }

    @Test
    void theJavaClientNamesTheNodeItMeansAndTheNodeServesIt() throws Exception {
        try (Tributary node = Tributary.embedded().start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(node.bootstrapServers()))) {
            producer.send(new ProducerRecord<>("kip-1242", "k", "v")).get(30, TimeUnit.SECONDS);

            String clusterId = node.broker().identity().clusterId();
            assertThat(messages()).as("an ApiVersions request to node 1 that names it")
                    .anyMatch(m -> m.contains(SENDING) && m.contains(clusterId)
                            && m.contains("nodeId=1)"));
            assertThat(messages()).noneMatch(m -> m.contains(REBOOTSTRAP));
        }
    }

    @Test
    void aNodeOfAnotherClusterAtTheAdvertisedAddressMakesTheJavaClientBootstrapAgain() throws Exception {
        try (Tributary other = Tributary.embedded().start();
                Tributary node = Tributary.embedded()
                        .config("advertised.listeners", "PLAINTEXT://127.0.0.1:" + other.port("PLAINTEXT")).start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(node.bootstrapServers()))) {
            String clusterId = node.broker().identity().clusterId();
            assertThat(other.broker().identity().nodeId()).isEqualTo(node.broker().identity().nodeId());

            producer.send(new ProducerRecord<>("misrouted", "k", "v"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messages())
                    .as("the client was told its metadata names another node than the one it reached")
                    .anyMatch(m -> m.contains(REBOOTSTRAP) && m.contains(clusterId)));
            assertThat(other.broker().context().replicaManager().partitions().keySet())
                    .as("nothing was produced to the node of the other cluster")
                    .noneMatch(tp -> tp.topic().equals("misrouted"));
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void rawV5RequestsAreServedOrToldToBootstrapAgainOnOneConnection() throws Exception {
        try (Tributary node = Tributary.embedded().start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
                Socket socket = new Socket("127.0.0.1", node.port("PLAINTEXT"))) {
            String clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            int nodeId = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
            socket.setSoTimeout(10_000);

            ApiVersionsResponseData same = exchange(socket, 1, request().setClusterId(clusterId).setNodeId(nodeId));
            ApiVersionsResponseData otherCluster = exchange(socket, 2, request().setClusterId("x" + clusterId)
                    .setNodeId(nodeId));
            ApiVersionsResponseData otherNode = exchange(socket, 3, request().setClusterId(clusterId)
                    .setNodeId(nodeId + 1));
            ApiVersionsResponseData unnamed = exchange(socket, 4, request());

            assertThat(same.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(same.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo(V5);
            assertThat(otherCluster.errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
            assertThat(otherCluster.apiKeys()).isEmpty();
            assertThat(otherNode.errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
            assertThat(unnamed.errorCode()).as("the connection stays usable").isEqualTo(Errors.NONE.code());
        }
    }

    private static ApiVersionsRequestData request() {
        return new ApiVersionsRequestData().setClientSoftwareName("raw-test").setClientSoftwareVersion("1.0");
    }

    /** Sends one ApiVersions v5 request and reads its response (response header v0: the correlation id). */
    private static ApiVersionsResponseData exchange(Socket socket, int correlationId, ApiVersionsRequestData body)
            throws Exception {
        socket.getOutputStream().write(BadInputTest.frame(ApiKeys.API_VERSIONS, V5, body, correlationId));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        assertThat(buffer.getInt()).isEqualTo(correlationId);
        return new ApiVersionsResponseData(new ByteBufferAccessor(buffer), V5);
    }

    private List<String> messages() {
        return clientLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    }
}
