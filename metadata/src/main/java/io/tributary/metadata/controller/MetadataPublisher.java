package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;

/**
 * Receives every new metadata image, in order, on one thread: the quorum's apply thread for the
 * quorum's single listener, the broker's {@code tributary-metadata} thread for the publishers an
 * {@link io.tributary.metadata.publish.ImagePublisher} holds. Implementations must be quick and must
 * not call back into the controller synchronously.
 */
public interface MetadataPublisher {

    void publish(MetadataImage previous, MetadataImage current);
}
