package io.tributary.broker.group;

import java.util.Collection;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/** Topic names, ids and partition counts from the current metadata image. Thread-safe. */
public interface TopicLookup {

    record Topic(Uuid id, String name, int partitions) {}

    Optional<Topic> byName(String name);

    Optional<Topic> byId(Uuid id);

    /** The names of every topic, internal ones included. */
    Collection<String> names();

    /**
     * The version of the metadata the lookup reads (the offset of the image's last record): it grows
     * whenever topics may have been created or deleted.
     */
    long version();
}
