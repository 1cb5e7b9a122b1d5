package io.tributary.server;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.registry.RegistryException;
import io.tributary.registry.WriterLocator;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Finds the schema registry's writer in the metadata image: the leader of the registry topic's partition 0, reached
 * on the registry endpoint its broker registration advertises ({@value #ENDPOINT}, the node's first HTTP listener).
 * A node whose image does not yet hold the topic writes itself (the topic is created at the registry's first
 * request, and this node's registry has just started).
 *
 * <p>Thread-safety: thread-safe; reads the newest image on each call.
 */
final class RegistryWriterLocator implements WriterLocator {

    /** The listener name of the registry endpoint in a broker registration; never a Kafka listener. */
    static final String ENDPOINT = "SCHEMA_REGISTRY";
    /** The "security protocol" of that endpoint. */
    static final String PROTOCOL = "HTTP";

    private final Supplier<MetadataImage> images;
    private final int self;
    private final String topic;

    RegistryWriterLocator(Supplier<MetadataImage> images, int self, String topic) {
        this.images = images;
        this.self = self;
        this.topic = topic;
    }

    @Override
    public URI remoteWriter() {
        MetadataImage image = images.get();
        TopicImage t = image.topic(topic).orElse(null);
        PartitionImage p = t == null ? null : t.partition(0);
        if (p == null) {
            return null;
        }
        int leader = p.leader();
        if (leader == self) {
            return null;
        }
        if (leader < 0) {
            throw RegistryException.unknownWriter(topic + "-0 has no leader: no node can write to the registry now");
        }
        BrokerEndpoint e = image.broker(leader).filter(b -> !b.fenced()).flatMap(b -> b.endpoint(ENDPOINT))
                .orElseThrow(() -> RegistryException.unknownWriter("Node " + leader + " leads " + topic
                        + "-0 but advertises no schema registry endpoint"));
        String host = e.host().indexOf(':') >= 0 ? "[" + e.host() + "]" : e.host();
        return URI.create("http://" + host + ":" + e.port());
    }

    /** The endpoint advertising the registry of a node on {@code host}:{@code port}. */
    static BrokerEndpoint endpoint(String host, int port) {
        return new BrokerEndpoint(ENDPOINT, host, port, PROTOCOL);
    }
}
