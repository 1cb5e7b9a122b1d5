package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses replicas for new partitions, rack-aware as Kafka's assignment is: the usable brokers
 * are put in a ring that alternates racks (the first broker of each rack in rack order, then the
 * second of each, ...); a partition's leader is the ring entry at a start derived from the topic
 * name plus the partition, so leaders spread over brokers and racks, and its followers are the
 * next entries of the ring on racks that hold none of its replicas yet, until every rack holds
 * one (then again, round after round). The followers start one entry after the leader, one
 * further for each full turn of the ring, so that a broker's partitions do not all share the
 * same followers. Brokers without a rack count as one rack of their own; without racks this is
 * round-robin over the brokers sorted by id. Stateless.
 */
final class ReplicaPlacer {

    private ReplicaPlacer() {}

    /** Brokers that can take replicas (unfenced), sorted by id. */
    static List<BrokerImage> usableBrokers(MetadataImage image) {
        List<BrokerImage> usable = new ArrayList<>();
        for (BrokerImage b : image.brokers().values()) {
            if (!b.fenced()) {
                usable.add(b);
            }
        }
        return usable;
    }

    /** Replicas of partition {@code partition} of a topic, leader first; requires {@code rf <= brokers.size()}. */
    static List<Integer> place(List<BrokerImage> brokers, String topic, int partition, int rf) {
        List<BrokerImage> ring = rackAlternated(brokers);
        int n = ring.size();
        if (rf < 1 || rf > n) {
            throw new IllegalArgumentException("cannot place " + rf + " replicas on " + n + " brokers");
        }
        int racks = (int) ring.stream().map(ReplicaPlacer::rack).distinct().count();
        int start = Math.floorMod(topic.hashCode() + partition, n);
        BrokerImage leader = ring.get(start);
        List<Integer> replicas = new ArrayList<>(rf);
        replicas.add(leader.id());
        Set<String> racksUsed = new HashSet<>();
        markRack(racksUsed, rack(leader), racks);
        int pos = start + 1 + (n > 1 ? (partition / n) % (n - 1) : 0);
        while (replicas.size() < rf) {
            boolean found = false;
            for (int k = 0; k < n && !found; k++) {
                BrokerImage b = ring.get(Math.floorMod(pos + k, n));
                if (replicas.contains(b.id()) || racksUsed.contains(rack(b))) {
                    continue;
                }
                replicas.add(b.id());
                markRack(racksUsed, rack(b), racks);
                pos += k + 1;
                found = true;
            }
            if (!found) { // the racks without a replica have no broker left: any rack will do
                racksUsed.clear();
            }
        }
        return replicas;
    }

    /** Records a rack as holding a replica; once every rack holds one, the next round starts. */
    private static void markRack(Set<String> racksUsed, String rack, int racks) {
        racksUsed.add(rack);
        if (racksUsed.size() == racks) {
            racksUsed.clear();
        }
    }

    /** The brokers (sorted by id) in rack-alternating order. */
    static List<BrokerImage> rackAlternated(List<BrokerImage> brokers) {
        Map<String, List<BrokerImage>> byRack = new TreeMap<>();
        for (BrokerImage b : brokers) {
            byRack.computeIfAbsent(rack(b), r -> new ArrayList<>()).add(b);
        }
        List<BrokerImage> ring = new ArrayList<>(brokers.size());
        for (int i = 0; ring.size() < brokers.size(); i++) {
            for (List<BrokerImage> rack : byRack.values()) {
                if (i < rack.size()) {
                    ring.add(rack.get(i));
                }
            }
        }
        return ring;
    }

    private static String rack(BrokerImage b) {
        return Objects.toString(b.rack(), "");
    }
}
