package io.tributary.broker;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.ControllerResult;
import io.tributary.metadata.controller.QuorumController;
import io.tributary.metadata.publish.ImagePublisher;
import io.tributary.metadata.quorum.LocalQuorum;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;

/**
 * A broker for handler tests, without network: handlers are called directly with a request built
 * by kafka-clients' builders, and every response is written and re-read at the request's version,
 * so a field that version cannot carry fails the test as it would fail on the wire.
 *
 * <p>Two flavours: {@link #start} runs the whole {@link Broker} on log directories in a temp dir
 * (needs the storage engine); {@link #metadataOnly} runs just the metadata controller, on an
 * in-memory metadata log, behind a {@link BrokerContext} without partitions, producer ids or
 * timer. The latter suffices for handlers that only read and change metadata.
 */
public final class BrokerTestContext implements AutoCloseable {

    public static final int NODE_ID = 1;
    public static final String LISTENER = "PLAINTEXT";
    public static final BrokerEndpoint ENDPOINT = new BrokerEndpoint(LISTENER, "localhost", 9092, "PLAINTEXT");

    private final Broker broker;
    private final QuorumController controller;
    private final BrokerContext context;

    private BrokerTestContext(Broker broker, QuorumController controller, BrokerContext context) {
        this.broker = broker;
        this.controller = controller;
        this.context = context;
    }

    public static BrokerSettings settings() {
        return new BrokerSettings(NODE_ID, true, 1, (short) 1, 1);
    }

    /** The whole broker, its logs under {@code dir}, registered with {@link #ENDPOINT}. */
    public static BrokerTestContext start(Path dir, BrokerConfigView config) throws IOException {
        Broker broker = Broker.start(settings(), config, LogConfig.defaults(), List.of(dir), Time.SYSTEM);
        broker.register(List.of(ENDPOINT));
        return new BrokerTestContext(broker, broker.localController(), broker.context());
    }

    /** The metadata controller alone (in-memory metadata log), with this node registered. */
    public static BrokerTestContext metadataOnly(BrokerConfigView config) {
        return metadataOnly(config, true);
    }

    public static BrokerTestContext metadataOnly(BrokerConfigView config, boolean deleteTopicEnable) {
        BrokerSettings settings = settings();
        QuorumController controller;
        ImagePublisher publisher = new ImagePublisher();
        try {
            LocalQuorum quorum = LocalQuorum.open(new InMemoryMetadataLog(), settings.nodeId(), Time.SYSTEM);
            quorum.setListener(publisher);
            controller = QuorumController.start(quorum, new ControllerConfig(settings.nodeId(),
                    settings.defaultPartitions(), settings.defaultReplicationFactor(), deleteTopicEnable),
                    Time.SYSTEM, publisher::awaitOffset);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        controller.execute(image -> new ControllerResult<Void>(
                List.of(new MetadataRecord.BrokerRecord(settings.nodeId(), List.of(ENDPOINT), null, false)), null))
                .join();
        BrokerContext context = new BrokerContext(settings, config, controller, publisher, null,
                new TopicConfigResolver(LogConfig.defaults(), config, settings.nodeId(), publisher::image), null,
                Time.SYSTEM, null);
        return new BrokerTestContext(null, controller, context);
    }

    public BrokerContext context() {
        return context;
    }

    /** The whole broker; null for {@link #metadataOnly}. */
    public Broker broker() {
        return broker;
    }

    /** Registers (or re-registers) another broker directly in the metadata. */
    public void addBroker(int id, List<BrokerEndpoint> endpoints, String rack, boolean fenced) {
        controller.execute(image -> new ControllerResult<Void>(
                List.of(new MetadataRecord.BrokerRecord(id, endpoints, rack, fenced)), null)).join();
    }

    /**
     * Creates a one-partition topic with {@code replicas} (the first leads, all in sync) by writing
     * its records directly, past the controller's checks: for replica tests that need more replicas
     * than the controller yet accepts.
     */
    public void createTopic(String name, List<Integer> replicas) {
        org.apache.kafka.common.Uuid id = org.apache.kafka.common.Uuid.randomUuid();
        controller.execute(image -> new ControllerResult<Void>(List.of(new MetadataRecord.TopicRecord(name, id),
                new MetadataRecord.PartitionRecord(id, 0, replicas, replicas, replicas.get(0), 0, 0)), null)).join();
    }

    public static RequestContext requestContext(ApiKeys key, short version) {
        return new RequestContext(new RequestHeader(key, version, "test", 1), LISTENER, SecurityProtocol.PLAINTEXT,
                InetAddress.getLoopbackAddress(), "c1", System.nanoTime());
    }

    /**
     * Calls {@code handler} with {@code request} as the network layer would hand it over (written
     * and re-read at its version) and returns the response as a client would read it.
     */
    @SuppressWarnings("unchecked")
    public <T extends ApiMessage> T call(ApiHandler handler, AbstractRequest request) {
        short version = request.version();
        ApiKeys key = request.apiKey();
        ApiMessage response;
        try {
            response = handle(handler, request).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("handler failed", e);
        }
        ByteBufferAccessor wire = MessageUtil.toByteBufferAccessor(response, version);
        return (T) AbstractResponse.parseResponse(key, wire, version).data();
    }

    /** Calls {@code handler} with {@code request} as decoded off the wire; the raw outcome. */
    public static CompletableFuture<ApiMessage> handle(ApiHandler handler, AbstractRequest request) {
        short version = request.version();
        ApiKeys key = request.apiKey();
        AbstractRequest decoded = AbstractRequest.parseRequest(key, version, request.serialize()).request;
        return handler.handle(requestContext(key, version), decoded).toCompletableFuture();
    }

    @Override
    public void close() throws IOException {
        if (broker != null) {
            broker.close();
        } else {
            controller.close();
            controller.quorum().close();
            context.metadata().close();
        }
    }
}
