package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord.BrokerRecord;
import io.tributary.metadata.MetadataRecord.ProducerIdsRecord;
import java.util.List;

/** The controller's decisions about brokers and producer ids. Pure functions of the image. */
public final class ClusterOperations {

    private ClusterOperations() {}

    /** Registers (or re-registers with new endpoints) a broker; nothing is written if unchanged. */
    public static ControllerResult<Void> registerBroker(MetadataImage image, int brokerId,
            List<BrokerEndpoint> endpoints, String rack) {
        BrokerImage existing = image.broker(brokerId).orElse(null);
        if (existing != null && existing.endpoints().equals(endpoints) && !existing.fenced()
                && java.util.Objects.equals(existing.rack(), rack)) {
            return ControllerResult.of(null);
        }
        return new ControllerResult<>(List.of(new BrokerRecord(brokerId, endpoints, rack, false)), null);
    }

    /** Hands out the block [first, first + size) of producer ids; returns first. */
    public static ControllerResult<Long> allocateProducerIds(MetadataImage image, int brokerId, int size) {
        long first = image.nextProducerId();
        return new ControllerResult<>(List.of(new ProducerIdsRecord(brokerId, first + size)), first);
    }
}
