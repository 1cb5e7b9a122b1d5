package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.log.MetadataLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata controller of a single-voter quorum. Every decision runs on one thread, which owns
 * the current image: an operation reads the image, decides records, appends them durably to the
 * metadata log, applies them to make the next image and publishes it, then completes its future.
 * Operations are therefore linearizable and a published image is always durable.
 */
public final class QuorumController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumController.class);

    private final MetadataLog log;
    private final ControllerConfig config;
    private final ExecutorService thread;
    private final List<MetadataPublisher> publishers = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image;

    private QuorumController(MetadataLog log, ControllerConfig config, MetadataImage image) {
        this.log = log;
        this.config = config;
        this.image = image;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Replays {@code log} into an image and, for a new log, writes the cluster's identity. */
    public static QuorumController start(MetadataLog log, ControllerConfig config) throws IOException {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        log.replay((record, offset) -> delta.apply(offset, record));
        QuorumController controller = new QuorumController(log, config, delta.build());
        if (controller.image.clusterId().isEmpty()) {
            controller.run(img -> new ControllerResult<>(
                    List.of(new MetadataRecord.ClusterRecord(Uuid.randomUuid().toString())), null)).join();
        }
        LOG.info("Metadata loaded: {} topics, cluster id {}, at offset {}", controller.image.topics().size(),
                controller.image.clusterId(), controller.image.offset());
        return controller;
    }

    public ControllerConfig config() {
        return config;
    }

    /** The newest committed image. */
    public MetadataImage image() {
        return image;
    }

    /** Adds a publisher and gives it the current image at once (on the controller thread). */
    public CompletableFuture<Void> addPublisher(MetadataPublisher publisher) {
        return CompletableFuture.runAsync(() -> {
            publishers.add(publisher);
            publisher.publish(MetadataImage.EMPTY, image);
        }, thread);
    }

    /**
     * Runs {@code operation} on the controller thread against the current image, commits the
     * records it returns, publishes the resulting image and completes with its response.
     */
    public <T> CompletableFuture<T> run(Function<MetadataImage, ControllerResult<T>> operation) {
        return CompletableFuture.supplyAsync(() -> {
            ControllerResult<T> result = operation.apply(image);
            if (!result.records().isEmpty()) {
                commit(result.records());
            }
            return result.response();
        }, thread);
    }

    private void commit(List<MetadataRecord> records) {
        long last;
        try {
            last = log.append(records);
        } catch (IOException e) {
            throw new UncheckedIOException("metadata log append failed", e);
        }
        MetadataDelta delta = new MetadataDelta(image);
        long offset = last - records.size() + 1;
        for (MetadataRecord r : records) {
            delta.apply(offset++, r);
        }
        MetadataImage previous = image;
        image = delta.build();
        for (MetadataPublisher p : publishers) {
            try {
                p.publish(previous, image);
            } catch (RuntimeException e) {
                LOG.error("Metadata publisher {} failed", p, e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("Closing the metadata log failed", e);
        }
    }
}
