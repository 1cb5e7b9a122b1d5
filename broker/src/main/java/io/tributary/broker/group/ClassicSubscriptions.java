package io.tributary.broker.group;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.protocol.types.SchemaException;

/**
 * Which topics a classic group consumes, read from its members' consumer-protocol subscriptions
 * (for OffsetDelete's GROUP_SUBSCRIBED_TO_TOPIC). Groups of other protocol types subscribe to
 * nothing. Not thread-safe: used on the shard's thread.
 */
final class ClassicSubscriptions implements OffsetManager.SubscriptionView {

    private final ShardState state;

    ClassicSubscriptions(ShardState state) {
        this.state = state;
    }

    @Override
    public boolean exists(String groupId) {
        return state.group(groupId).isPresent() || state.consumerGroup(groupId).isPresent()
                || !state.offsets(groupId).isEmpty();
    }

    @Override
    public boolean isSubscribed(String groupId, String topic) {
        ConsumerGroup cg = state.consumerGroup(groupId).orElse(null);
        if (cg != null) {
            return cg.members().values().stream().anyMatch(m -> m.subscribedTopics().contains(topic));
        }
        ClassicGroup g = state.group(groupId).orElse(null);
        if (g == null || !"consumer".equals(g.protocolType()) || g.protocolName() == null) {
            return false;
        }
        for (ClassicMember m : g.members()) {
            byte[] metadata = m.metadata(g.protocolName());
            if (metadata == null) {
                continue;
            }
            try {
                if (ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics().contains(topic)) {
                    return true;
                }
            } catch (SchemaException | IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }
}
