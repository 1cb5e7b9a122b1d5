package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;

/**
 * Receives every new metadata image, in order, on the controller thread. Implementations must be
 * quick and must not call back into the controller synchronously.
 */
public interface MetadataPublisher {

    void publish(MetadataImage previous, MetadataImage current);
}
