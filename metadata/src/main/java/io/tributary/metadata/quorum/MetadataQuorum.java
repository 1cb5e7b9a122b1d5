package io.tributary.metadata.quorum;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.MetadataPublisher;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated metadata log as the controller and the broker see it: committed records are
 * applied, in order, to an immutable {@link MetadataImage}; the active controller appends. One
 * implementation keeps a single voter's log on local disk ({@link LocalQuorum}), the other
 * replicates it with Apache Ratis among the configured voters ({@link RatisQuorum}).
 *
 * <p>Thread-safety: {@link #image()}, {@link #isActive()} and {@link #leaderId()} may be called from
 * any thread; {@link #append} is called by the controller thread only, one call at a time.
 * The listener is called on the quorum's apply thread, one image at a time, in commit order.
 */
public interface MetadataQuorum extends AutoCloseable {

    /** The newest committed and applied image. */
    MetadataImage image();

    /** Whether this node is the active controller: the quorum's leader, caught up with its log. */
    boolean isActive();

    /** The node id of the quorum's leader, if one is known. */
    OptionalInt leaderId();

    /**
     * Commits {@code records} as one batch; completes with the image that includes them. Fails with
     * {@link org.apache.kafka.common.errors.NotControllerException} on a node that is not active.
     */
    CompletableFuture<MetadataImage> append(List<MetadataRecord> records);

    /** Sets the one receiver of every newly applied image (the node's publisher); before any is applied. */
    void setListener(MetadataPublisher listener);

    /** The quorum's state, as DescribeQuorum reports it. */
    QuorumInfo describe();

    @Override
    void close();
}
