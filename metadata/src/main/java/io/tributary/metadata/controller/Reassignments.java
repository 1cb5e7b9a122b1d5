package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * Partition reassignment as Kafka's controller runs it (KIP-455): a reassignment to a target
 * replica list first widens the replicas to the target followed by the replicas being removed,
 * the new replicas catch up as followers and join the ISR through the leader's AlterPartition,
 * and once the ISR holds every target replica the partition shrinks to the target (ISR cut to
 * it, a new leader from it when the old one is removed). A reassignment can be replaced by
 * another or cancelled, which goes back to the original replicas. Pure functions of the image.
 */
public final class Reassignments {

    /** One partition to move to {@code target}, or ({@code target} null) whose reassignment to cancel. */
    public record Request(String topic, int partition, List<Integer> target) {}

    /** One partition's answer. */
    public record Result(String topic, int partition, short errorCode, String message) {

        static Result ok(Request r) {
            return new Result(r.topic(), r.partition(), Errors.NONE.code(), null);
        }

        static Result error(Request r, Errors error, String message) {
            return new Result(r.topic(), r.partition(), error.code(), message);
        }
    }

    private Reassignments() {}

    /**
     * AlterPartitionReassignments: one result per request, in order.
     *
     * @param allowReplicationFactorChange false refuses a target of another size (KIP-860)
     */
    public static ControllerResult<List<Result>> alter(MetadataImage image, List<Request> requests,
            boolean allowReplicationFactorChange) {
        List<MetadataRecord> records = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        Set<Integer> live = BrokerLifecycle.liveBrokers(image);
        for (Request r : requests) {
            TopicImage t = image.topic(r.topic()).orElse(null);
            PartitionImage p = t == null ? null : t.partition(r.partition());
            if (p == null) {
                results.add(Result.error(r, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "No partition " + r.topic() + "-" + r.partition()));
                continue;
            }
            if (r.target() == null) {
                if (!p.reassigning()) {
                    results.add(Result.error(r, Errors.NO_REASSIGNMENT_IN_PROGRESS,
                            "No reassignment of " + r.topic() + "-" + r.partition() + " is in progress"));
                    continue;
                }
                records.add(moveTo(t, p, p.originalReplicas(), live));
                results.add(Result.ok(r));
                continue;
            }
            String problem = invalidTarget(image, r.target());
            if (problem != null) {
                results.add(Result.error(r, Errors.INVALID_REPLICA_ASSIGNMENT, problem));
                continue;
            }
            if (!allowReplicationFactorChange && r.target().size() != p.originalReplicas().size()) {
                results.add(Result.error(r, Errors.INVALID_REPLICATION_FACTOR, "The replication factor of "
                        + r.topic() + "-" + r.partition() + " would change from " + p.originalReplicas().size()
                        + " to " + r.target().size()));
                continue;
            }
            if (!p.reassigning() && r.target().equals(p.replicas())) {
                results.add(Result.ok(r));
                continue;
            }
            records.add(start(t, p, r.target(), live));
            results.add(Result.ok(r));
        }
        return new ControllerResult<>(records, results);
    }

    private static String invalidTarget(MetadataImage image, List<Integer> target) {
        if (target.isEmpty()) {
            return "The replica list is empty";
        }
        if (new HashSet<>(target).size() != target.size()) {
            return "The replica list " + target + " has duplicates";
        }
        for (int b : target) {
            if (image.broker(b).isEmpty()) {
                return "Broker " + b + " in " + target + " is not registered";
            }
        }
        return null;
    }

    /** Starts moving {@code p} (from its original replicas) to {@code target}. */
    static PartitionRecord start(TopicImage t, PartitionImage p, List<Integer> target, Set<Integer> live) {
        List<Integer> original = p.originalReplicas();
        List<Integer> adding = target.stream().filter(r -> !original.contains(r)).toList();
        List<Integer> removing = original.stream().filter(r -> !target.contains(r)).toList();
        if (adding.isEmpty()) {
            return moveTo(t, p, target, live);
        }
        List<Integer> replicas = new ArrayList<>(target);
        replicas.addAll(removing);
        List<Integer> isr = p.isr().stream().filter(replicas::contains).toList();
        PartitionImage widened = new PartitionImage(p.partition(), replicas, isr, p.leader(), p.leaderEpoch(),
                p.partitionEpoch(), adding, removing);
        PartitionRecord done = completeIfReady(t, widened, live);
        return done != null ? done : new PartitionRecord(t.id(), p.partition(), replicas, isr, p.leader(),
                p.leaderEpoch(), p.partitionEpoch() + 1, adding, removing);
    }

    /**
     * The record that ends {@code p}'s reassignment when its ISR holds every target replica, else
     * null. {@code p} may carry an ISR not yet committed (the one an AlterPartition asks for).
     */
    public static PartitionRecord completeIfReady(TopicImage t, PartitionImage p, Set<Integer> live) {
        if (!p.reassigning() || !p.isr().containsAll(p.targetReplicas())) {
            return null;
        }
        return moveTo(t, p, p.targetReplicas(), live);
    }

    /**
     * {@code p} with exactly {@code replicas} and no reassignment: the ISR cut to them (the first
     * of them if none is in sync, so a partition never loses its last in-sync member silently),
     * the leader kept if it stays, else the first live in-sync one of them.
     */
    private static PartitionRecord moveTo(TopicImage t, PartitionImage p, List<Integer> replicas, Set<Integer> live) {
        List<Integer> isr = p.isr().stream().filter(replicas::contains).toList();
        if (isr.isEmpty()) {
            isr = p.isr();
            replicas = new ArrayList<>(replicas);
            for (int r : p.isr()) {
                if (!replicas.contains(r)) {
                    replicas.add(r); // never drop the only replicas holding the data
                }
            }
        }
        int leader = replicas.contains(p.leader()) && isr.contains(p.leader()) ? p.leader()
                : PartitionLeadership.firstLive(replicas, isr, live);
        boolean leaderChanged = leader != p.leader();
        return new PartitionRecord(t.id(), p.partition(), replicas, isr, leader,
                leaderChanged ? p.leaderEpoch() + 1 : p.leaderEpoch(), p.partitionEpoch() + 1, null, null);
    }
}
