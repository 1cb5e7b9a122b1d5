package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord.ProducerIdsRecord;
import java.util.List;

/** The controller's decisions about producer ids. Pure functions of the image. */
public final class ClusterOperations {

    private ClusterOperations() {}

    /** Hands out the block [first, first + size) of producer ids; returns first. */
    public static ControllerResult<Long> allocateProducerIds(MetadataImage image, int brokerId, int size) {
        long first = image.nextProducerId();
        return new ControllerResult<>(List.of(new ProducerIdsRecord(brokerId, first + size)), first);
    }
}
