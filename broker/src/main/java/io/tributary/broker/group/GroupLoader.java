package io.tributary.broker.group;

/**
 * Rebuilds a shard's state from one {@code __consumer_offsets} partition at start-up. Called on
 * the shard's thread before the coordinator serves requests.
 */
public interface GroupLoader {

    void load(int partition, ShardState state, ClassicGroupManager classic, ConsumerGroupManager consumer);

    GroupLoader NONE = (p, s, c, k) -> { };
}
