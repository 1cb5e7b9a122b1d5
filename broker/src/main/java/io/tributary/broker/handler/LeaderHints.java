package io.tributary.broker.handler;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * KIP-951: a Produce (v10+) or Fetch (v12+) answer that tells a client it asked the wrong broker
 * (NOT_LEADER_OR_FOLLOWER, or FENCED_LEADER_EPOCH for fetch) also names the partition's current
 * leader and its epoch, and lists that leader's endpoint on the client's listener (Produce v10+,
 * Fetch v16+), so the client moves at once instead of waiting for a metadata refresh. Leaders come
 * from the broker's newest metadata image; a partition without a leader gets no hint. Stateless.
 */
public final class LeaderHints {

    private LeaderHints() {}

    /** Adds the current leaders of the misdirected partitions of {@code response}. */
    public static void addTo(ProduceResponseData response, MetadataImage image, String listener, short version) {
        if (version < 10) {
            return;
        }
        for (ProduceResponseData.TopicProduceResponse t : response.responses()) {
            TopicImage topic = topic(image, t.name(), t.topicId());
            for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                PartitionImage part = p.errorCode() == Errors.NOT_LEADER_OR_FOLLOWER.code() && topic != null
                        ? topic.partition(p.index()) : null;
                BrokerEndpoint e = part == null ? null : endpoint(image, part.leader(), listener);
                if (e == null) {
                    continue;
                }
                p.currentLeader().setLeaderId(part.leader()).setLeaderEpoch(part.leaderEpoch());
                if (response.nodeEndpoints().find(part.leader()) == null) {
                    response.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(part.leader())
                            .setHost(e.host()).setPort(e.port()).setRack(rack(image, part.leader())));
                }
            }
        }
    }

    /** Adds the current leaders of the misdirected partitions of {@code response}. */
    public static void addTo(FetchResponseData response, MetadataImage image, String listener, short version) {
        if (version < 12) {
            return;
        }
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            TopicImage topic = topic(image, t.topic(), t.topicId());
            for (FetchResponseData.PartitionData p : t.partitions()) {
                boolean misdirected = p.errorCode() == Errors.NOT_LEADER_OR_FOLLOWER.code()
                        || p.errorCode() == Errors.FENCED_LEADER_EPOCH.code();
                PartitionImage part = misdirected && topic != null ? topic.partition(p.partitionIndex()) : null;
                BrokerEndpoint e = part == null ? null : endpoint(image, part.leader(), listener);
                if (e == null) {
                    continue;
                }
                p.currentLeader().setLeaderId(part.leader()).setLeaderEpoch(part.leaderEpoch());
                if (version >= 16 && response.nodeEndpoints().find(part.leader()) == null) {
                    response.nodeEndpoints().add(new FetchResponseData.NodeEndpoint().setNodeId(part.leader())
                            .setHost(e.host()).setPort(e.port()).setRack(rack(image, part.leader())));
                }
            }
        }
    }

    private static TopicImage topic(MetadataImage image, String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return image.topic(name).orElse(null);
        }
        return id == null ? null : image.topic(id).orElse(null);
    }

    private static BrokerEndpoint endpoint(MetadataImage image, int leader, String listener) {
        if (leader < 0) {
            return null;
        }
        return image.broker(leader).filter(b -> !b.fenced()).flatMap(b -> b.endpoint(listener)).orElse(null);
    }

    private static String rack(MetadataImage image, int broker) {
        return image.broker(broker).map(BrokerImage::rack).orElse(null);
    }
}
