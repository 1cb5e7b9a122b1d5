package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Leader changes when brokers leave or come back, as Kafka's controller makes them: a broker that
 * is fenced (session expired, or controlled shutdown) leaves the ISR of its partitions unless it
 * is the last member, and loses its leaderships to the first replica of the remaining ISR that is
 * still live; a partition with no live ISR member has no leader (-1) until one returns. Leaders
 * come only from the ISR, unless {@code unclean.leader.election.enable} holds for the topic (its
 * own config, else the cluster-wide dynamic default, else the controller's static one): then a
 * partition left with no live ISR member is led by its first live replica, alone in the ISR, and
 * records it never had are lost, as in Kafka. Every change bumps the partition epoch, and a
 * change of leader the leader epoch. Pure functions of the image.
 */
public final class PartitionLeadership {

    public static final int NO_LEADER = -1;
    static final String UNCLEAN = "unclean.leader.election.enable";

    private PartitionLeadership() {}

    /** The records that take {@code gone} out of leadership and ISRs; {@code live} are the brokers left. */
    public static List<PartitionRecord> withoutBrokers(MetadataImage image, Set<Integer> gone, Set<Integer> live,
            boolean uncleanDefault) {
        List<PartitionRecord> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            boolean unclean = uncleanAllowed(image, t, uncleanDefault);
            for (PartitionImage p : t.partitions().values()) {
                boolean touched = gone.contains(p.leader()) || p.isr().stream().anyMatch(gone::contains);
                if (!touched) {
                    continue;
                }
                List<Integer> isr = new ArrayList<>();
                for (int r : p.isr()) {
                    if (!gone.contains(r)) {
                        isr.add(r);
                    }
                }
                if (isr.isEmpty()) {
                    isr = p.isr(); // the last member stays in the ISR: it has every committed record
                }
                int leader = p.leader();
                if (gone.contains(leader) || leader == NO_LEADER) {
                    leader = firstLive(p.replicas(), isr, live);
                }
                if (leader == NO_LEADER && unclean) {
                    leader = firstLive(p.replicas(), p.replicas(), live);
                    isr = leader == NO_LEADER ? isr : List.of(leader);
                }
                PartitionRecord r = change(t, p, isr, leader);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The records that give leaderless partitions with {@code broker} in their ISR a leader again. */
    public static List<PartitionRecord> withBroker(MetadataImage image, int broker, Set<Integer> live,
            boolean uncleanDefault) {
        List<PartitionRecord> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            for (PartitionImage p : t.partitions().values()) {
                PartitionRecord r = null;
                if (p.leader() == NO_LEADER && p.isr().contains(broker)) {
                    r = change(t, p, p.isr(), firstLive(p.replicas(), p.isr(), live));
                } else if (p.leader() == NO_LEADER && p.replicas().contains(broker)
                        && firstLive(p.replicas(), p.isr(), live) == NO_LEADER
                        && uncleanAllowed(image, t, uncleanDefault)) {
                    r = change(t, p, List.of(broker), broker);
                }
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Whether {@code unclean.leader.election.enable} holds for {@code t}: its own, the cluster's, the static one. */
    static boolean uncleanAllowed(MetadataImage image, TopicImage t, boolean staticDefault) {
        String v = t.configs().get(UNCLEAN);
        if (v == null) {
            v = image.brokerConfigs("").get(UNCLEAN);
        }
        return v == null ? staticDefault : Boolean.parseBoolean(v.trim());
    }

    /** The first replica, in replica order, that is in {@code isr} and live; else {@link #NO_LEADER}. */
    static int firstLive(List<Integer> replicas, List<Integer> isr, Set<Integer> live) {
        for (int r : replicas) {
            if (isr.contains(r) && live.contains(r)) {
                return r;
            }
        }
        return NO_LEADER;
    }

    private static PartitionRecord change(TopicImage t, PartitionImage p, List<Integer> isr, int leader) {
        boolean leaderChanged = leader != p.leader();
        if (!leaderChanged && isr.equals(p.isr())) {
            return null;
        }
        return new PartitionRecord(t.id(), p.partition(), p.replicas(), isr, leader,
                leaderChanged ? p.leaderEpoch() + 1 : p.leaderEpoch(), p.partitionEpoch() + 1,
                p.addingReplicas(), p.removingReplicas());
    }
}
