package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.BrokerRecord;
import io.tributary.metadata.controller.Controller.BrokerHeartbeat;
import io.tributary.metadata.controller.Controller.BrokerRegistration;
import io.tributary.metadata.controller.Controller.HeartbeatReply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.StaleBrokerEpochException;

/**
 * The controller's decisions about brokers: registration (a new incarnation starts fenced),
 * unfencing once a heartbeat shows the broker has caught up with the metadata written up to its
 * registration, fencing when its session expires, and controlled shutdown (fenced, leaderships
 * moved away, then told it may stop). Pure functions of the image.
 */
public final class BrokerLifecycle {

    private BrokerLifecycle() {}

    /**
     * Registers {@code reg}; refused when another incarnation of the same id is alive (two
     * processes with one {@code node.id}).
     *
     * @param otherIncarnationAlive whether the registered incarnation, if different, still heartbeats
     */
    public static ControllerResult<Void> register(MetadataImage image, BrokerRegistration reg,
            boolean otherIncarnationAlive, boolean uncleanDefault) {
        BrokerImage existing = image.broker(reg.brokerId()).orElse(null);
        String incarnation = reg.incarnationId().toString();
        if (existing != null && !incarnation.equals(existing.incarnationId()) && otherIncarnationAlive
                && !existing.fenced()) {
            throw new DuplicateBrokerRegistrationException("Another broker is registered with node id "
                    + reg.brokerId() + " and is still alive (incarnation " + existing.incarnationId() + ")");
        }
        if (existing != null && incarnation.equals(existing.incarnationId())
                && existing.endpoints().equals(reg.endpoints()) && Objects.equals(existing.rack(), reg.rack())) {
            return ControllerResult.of(null);
        }
        List<MetadataRecord> records = new ArrayList<>();
        if (existing != null && !incarnation.equals(existing.incarnationId())) {
            // the earlier process is gone: its leaderships move (or wait, leaderless) until this one is unfenced
            records.addAll(fence(image, List.of(reg.brokerId()), uncleanDefault));
        }
        boolean fenced = existing == null || !incarnation.equals(existing.incarnationId()) || existing.fenced();
        records.add(new BrokerRecord(reg.brokerId(), reg.endpoints(), reg.rack(), fenced, incarnation));
        return new ControllerResult<>(records, null);
    }

    /** A heartbeat: unfences a caught-up broker, or runs its controlled shutdown. */
    public static ControllerResult<HeartbeatReply> heartbeat(MetadataImage image, BrokerHeartbeat hb,
            boolean uncleanDefault) {
        BrokerImage b = image.broker(hb.brokerId()).orElse(null);
        if (b == null || b.epoch() != hb.brokerEpoch()) {
            throw new StaleBrokerEpochException("Broker " + hb.brokerId() + " epoch " + hb.brokerEpoch()
                    + " is not the registered one" + (b == null ? "" : " (" + b.epoch() + ")"));
        }
        if (hb.wantShutdown()) {
            List<MetadataRecord> records = fence(image, List.of(hb.brokerId()), uncleanDefault);
            return new ControllerResult<>(records, new HeartbeatReply(true, true));
        }
        if (b.fenced() && hb.metadataOffset() >= b.epoch()) {
            List<MetadataRecord> records = new ArrayList<>();
            records.add(record(b.withFenced(false)));
            Set<Integer> live = liveBrokers(image);
            live.add(b.id());
            records.addAll(PartitionLeadership.withBroker(image, b.id(), live, uncleanDefault));
            return new ControllerResult<>(records, new HeartbeatReply(false, false));
        }
        return ControllerResult.of(new HeartbeatReply(b.fenced(), false));
    }

    /**
     * Fences {@code brokerIds} (those not fenced yet) and moves their leaderships away.
     *
     * @param uncleanDefault the static {@code unclean.leader.election.enable}
     */
    public static List<MetadataRecord> fence(MetadataImage image, Collection<Integer> brokerIds,
            boolean uncleanDefault) {
        Set<Integer> gone = new HashSet<>();
        List<MetadataRecord> records = new ArrayList<>();
        for (int id : brokerIds) {
            BrokerImage b = image.broker(id).orElse(null);
            if (b != null) {
                gone.add(id);
                if (!b.fenced()) {
                    records.add(record(b.withFenced(true)));
                }
            }
        }
        Set<Integer> live = liveBrokers(image);
        live.removeAll(gone);
        records.addAll(PartitionLeadership.withoutBrokers(image, gone, live, uncleanDefault));
        return records;
    }

    /** The unfenced brokers of {@code image}. */
    public static Set<Integer> liveBrokers(MetadataImage image) {
        Set<Integer> live = new HashSet<>();
        for (BrokerImage b : image.brokers().values()) {
            if (!b.fenced()) {
                live.add(b.id());
            }
        }
        return live;
    }

    private static BrokerRecord record(BrokerImage b) {
        return new BrokerRecord(b.id(), b.endpoints(), b.rack(), b.fenced(), b.incarnationId());
    }
}
