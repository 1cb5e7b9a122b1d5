package io.tributary.metadata.quorum;

import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.metadata.log.MetadataLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorum of a single voter, this node: the metadata log lives in a local partition fsynced on
 * every append, so a batch is committed when its append returns. This node is always the leader
 * and the active controller. The zero-configuration node runs on it; no consensus library is
 * loaded, which keeps its start-up in tens of milliseconds.
 *
 * <p>Thread-safety: appends come from the controller thread only (they apply and notify the
 * listener on it, which is therefore this quorum's apply thread); the image is volatile.
 */
public final class LocalQuorum implements MetadataQuorum {

    private static final Logger LOG = LoggerFactory.getLogger(LocalQuorum.class);

    private final MetadataLog log;
    private final int nodeId;
    private final Time time;
    private volatile MetadataImage image;
    private volatile MetadataPublisher listener = (previous, current) -> { };

    private LocalQuorum(MetadataLog log, int nodeId, Time time, MetadataImage image) {
        this.log = log;
        this.nodeId = nodeId;
        this.time = time;
        this.image = image;
    }

    /** Replays {@code log} into the image. */
    public static LocalQuorum open(MetadataLog log, int nodeId, Time time) throws IOException {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        log.replay((record, offset) -> delta.apply(offset, record));
        return new LocalQuorum(log, nodeId, time, delta.build());
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public OptionalInt leaderId() {
        return OptionalInt.of(nodeId);
    }

    @Override
    public CompletableFuture<MetadataImage> append(List<MetadataRecord> records) {
        long last;
        try {
            last = log.append(records);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("metadata log append failed", e));
        }
        MetadataDelta delta = new MetadataDelta(image);
        long offset = last - records.size() + 1;
        for (MetadataRecord r : records) {
            delta.apply(offset++, r);
        }
        MetadataImage previous = image;
        image = delta.build();
        try {
            listener.publish(previous, image);
        } catch (RuntimeException e) {
            LOG.error("Metadata listener failed", e);
        }
        return CompletableFuture.completedFuture(image);
    }

    @Override
    public void setListener(MetadataPublisher listener) {
        this.listener = listener;
    }

    @Override
    public QuorumInfo describe() {
        MetadataImage current = image;
        long now = time.milliseconds();
        QuorumInfo.Replica self = new QuorumInfo.Replica(nodeId, current.offset() + 1, now, now, "", -1);
        return new QuorumInfo(nodeId, 1, current.offset() + 1, List.of(self), List.of());
    }

    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("Closing the metadata log failed", e);
        }
    }
}
