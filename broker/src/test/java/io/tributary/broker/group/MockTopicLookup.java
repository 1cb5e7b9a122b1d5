package io.tributary.broker.group;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/** Topics created and deleted by the test; every change moves the metadata version on. */
final class MockTopicLookup implements TopicLookup {

    private final Map<String, Topic> topics = new TreeMap<>();
    private long version;

    MockTopicLookup create(String name, int partitions) {
        return create(name, Uuid.randomUuid(), partitions);
    }

    MockTopicLookup create(String name, Uuid id, int partitions) {
        topics.put(name, new Topic(id, name, partitions));
        version++;
        return this;
    }

    MockTopicLookup delete(String name) {
        topics.remove(name);
        version++;
        return this;
    }

    Uuid id(String name) {
        return topics.get(name).id();
    }

    @Override
    public Optional<Topic> byName(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public Optional<Topic> byId(Uuid id) {
        return topics.values().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public Collection<String> names() {
        return List.copyOf(topics.keySet());
    }

    @Override
    public long version() {
        return version;
    }
}
