package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * ElectLeaders as Kafka's controller answers it, and its automatic preferred-leader balancing.
 * A preferred election makes the first replica the leader when it is live and in the ISR
 * (PREFERRED_LEADER_NOT_AVAILABLE otherwise, ELECTION_NOT_NEEDED when it already leads); an
 * unclean election gives a leaderless partition its first live replica, alone in the ISR
 * (ELIGIBLE_LEADERS_NOT_AVAILABLE when none is live, ELECTION_NOT_NEEDED when it has a leader).
 * Each election bumps the leader and partition epochs. Pure functions of the image.
 */
public final class LeaderElections {

    /** Kafka's election types, by their protocol ids. */
    public enum Type { PREFERRED, UNCLEAN }

    /** One partition, by topic name and index. */
    public record Target(String topic, int partition) {}

    /** One partition's answer. */
    public record Result(String topic, int partition, short errorCode, String message) {}

    private LeaderElections() {}

    /** Elects leaders of {@code targets}, or of every partition when null; one result per partition. */
    public static ControllerResult<List<Result>> elect(MetadataImage image, Type type, List<Target> targets) {
        List<Target> all = targets != null ? targets : every(image);
        Set<Integer> live = BrokerLifecycle.liveBrokers(image);
        List<MetadataRecord> records = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        for (Target target : all) {
            TopicImage t = image.topic(target.topic()).orElse(null);
            PartitionImage p = t == null ? null : t.partition(target.partition());
            if (p == null) {
                results.add(result(target, Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such partition"));
                continue;
            }
            int leader;
            List<Integer> isr = p.isr();
            if (type == Type.PREFERRED) {
                int preferred = p.replicas().get(0);
                if (p.leader() == preferred) {
                    results.add(result(target, Errors.ELECTION_NOT_NEEDED, "Leader is already the preferred one"));
                    continue;
                }
                if (!isr.contains(preferred) || !live.contains(preferred)) {
                    results.add(result(target, Errors.PREFERRED_LEADER_NOT_AVAILABLE, "Preferred replica "
                            + preferred + " is not live and in sync"));
                    continue;
                }
                leader = preferred;
            } else {
                if (p.leader() != PartitionLeadership.NO_LEADER) {
                    results.add(result(target, Errors.ELECTION_NOT_NEEDED, "The partition has a leader"));
                    continue;
                }
                leader = PartitionLeadership.firstLive(p.replicas(), isr, live);
                if (leader == PartitionLeadership.NO_LEADER) {
                    leader = PartitionLeadership.firstLive(p.replicas(), p.replicas(), live);
                    isr = List.of(leader);
                }
                if (leader == PartitionLeadership.NO_LEADER) {
                    results.add(result(target, Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, "No replica is live"));
                    continue;
                }
            }
            records.add(new PartitionRecord(t.id(), p.partition(), p.replicas(), isr, leader, p.leaderEpoch() + 1,
                    p.partitionEpoch() + 1, p.addingReplicas(), p.removingReplicas()));
            results.add(result(target, Errors.NONE, null));
        }
        return new ControllerResult<>(records, results);
    }

    /**
     * Automatic balancing ({@code auto.leader.rebalance.enable}): for each broker whose share of
     * the partitions it prefers but does not lead exceeds {@code imbalancePercent}, the preferred
     * elections that can be made now.
     */
    public static List<MetadataRecord> rebalance(MetadataImage image, int imbalancePercent) {
        Map<Integer, Integer> preferredCount = new HashMap<>();
        Map<Integer, List<Target>> notLed = new HashMap<>();
        for (TopicImage t : image.topics().values()) {
            for (PartitionImage p : t.partitions().values()) {
                int preferred = p.replicas().get(0);
                preferredCount.merge(preferred, 1, Integer::sum);
                if (p.leader() != preferred) {
                    notLed.computeIfAbsent(preferred, k -> new ArrayList<>()).add(new Target(t.name(), p.partition()));
                }
            }
        }
        List<Target> due = new ArrayList<>();
        notLed.forEach((broker, targets) -> {
            if (targets.size() * 100L > (long) imbalancePercent * preferredCount.get(broker)) {
                due.addAll(targets);
            }
        });
        return due.isEmpty() ? List.of() : elect(image, Type.PREFERRED, due).records();
    }

    private static List<Target> every(MetadataImage image) {
        List<Target> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            for (int p : t.partitions().keySet()) {
                out.add(new Target(t.name(), p));
            }
        }
        return out;
    }

    private static Result result(Target t, Errors error, String message) {
        return new Result(t.topic(), t.partition(), error.code(), message);
    }
}
