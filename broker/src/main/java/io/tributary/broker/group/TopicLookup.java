package io.tributary.broker.group;

import java.util.Optional;
import org.apache.kafka.common.Uuid;

/** Topic names, ids and partition counts from the current metadata image. Thread-safe. */
public interface TopicLookup {

    record Topic(Uuid id, String name, int partitions) {}

    Optional<Topic> byName(String name);

    Optional<Topic> byId(Uuid id);
}
