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
 * come only from the ISR (unclean election is not done here). Every change bumps the partition
 * epoch, and a change of leader the leader epoch. Pure functions of the image.
 */
public final class PartitionLeadership {

    public static final int NO_LEADER = -1;

    private PartitionLeadership() {}

    /** The records that take {@code gone} out of leadership and ISRs; {@code live} are the brokers left. */
    public static List<PartitionRecord> withoutBrokers(MetadataImage image, Set<Integer> gone, Set<Integer> live) {
        List<PartitionRecord> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
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
                PartitionRecord r = change(t, p, isr, leader);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The records that give leaderless partitions with {@code broker} in their ISR a leader again. */
    public static List<PartitionRecord> withBroker(MetadataImage image, int broker, Set<Integer> live) {
        List<PartitionRecord> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            for (PartitionImage p : t.partitions().values()) {
                if (p.leader() == NO_LEADER && p.isr().contains(broker)) {
                    PartitionRecord r = change(t, p, p.isr(), firstLive(p.replicas(), p.isr(), live));
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
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
                leaderChanged ? p.leaderEpoch() + 1 : p.leaderEpoch(), p.partitionEpoch() + 1);
    }
}
