package io.tributary.broker.group;

import io.tributary.broker.BrokerContext;
import java.util.Collection;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * {@link TopicLookup} over the broker's newest metadata image: the group coordinator sees topic
 * creations and deletions when it next reads it (on a member's heartbeat). Thread-safe (images are
 * immutable).
 */
public final class ImageTopicLookup implements TopicLookup {

    private final BrokerContext broker;

    public ImageTopicLookup(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public Optional<Topic> byName(String name) {
        return broker.image().topic(name).map(t -> new Topic(t.id(), t.name(), t.partitionCount()));
    }

    @Override
    public Optional<Topic> byId(Uuid id) {
        return broker.image().topic(id).map(t -> new Topic(t.id(), t.name(), t.partitionCount()));
    }

    @Override
    public Collection<String> names() {
        return broker.image().topics().keySet();
    }

    @Override
    public long version() {
        return broker.image().offset();
    }
}
