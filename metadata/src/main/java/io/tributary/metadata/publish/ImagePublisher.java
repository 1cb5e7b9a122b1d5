package io.tributary.metadata.publish;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.MetadataPublisher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of metadata: receives every committed image from the quorum (on the quorum's
 * apply thread) and hands it to the node's publishers (hosted partitions, configs, coordinators)
 * on a thread of its own, {@code tributary-metadata}, so slow publishing never holds up the
 * controller or the consensus library. Handlers read {@link #image()}: the newest image every
 * publisher has seen, so a topic a client can see in it has its local partitions.
 *
 * <p>Invariants: images are published in commit order; {@link #image()} only moves forward; a
 * waiter for offset {@code o} completes once an image with offset at least {@code o} is
 * published. Thread-safety: publishers run on the publishing thread only; the rest is safe from
 * any thread.
 */
public final class ImagePublisher implements MetadataPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePublisher.class);

    private final ExecutorService thread;
    private final List<MetadataPublisher> publishers = new CopyOnWriteArrayList<>();
    private final TreeMap<Long, List<CompletableFuture<MetadataImage>>> waiters = new TreeMap<>(); // guarded by this
    private final List<Map.Entry<Predicate<MetadataImage>, CompletableFuture<MetadataImage>>> conditions =
            new ArrayList<>(); // guarded by this
    private volatile MetadataImage image = MetadataImage.EMPTY;

    public ImagePublisher() {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-metadata");
            t.setDaemon(true);
            return t;
        });
    }

    /** The newest image every publisher has seen. */
    public MetadataImage image() {
        return image;
    }

    /** Adds a publisher and gives it the current image (from the empty one) on the publishing thread. */
    public CompletableFuture<Void> addPublisher(MetadataPublisher publisher) {
        return CompletableFuture.runAsync(() -> {
            publishers.add(publisher);
            publisher.publish(MetadataImage.EMPTY, image);
        }, thread);
    }

    /** Queues {@code current} for publication; called by the quorum in commit order. */
    @Override
    public void publish(MetadataImage previous, MetadataImage current) {
        thread.execute(() -> publishNow(current));
    }

    private void publishNow(MetadataImage current) {
        MetadataImage before = image;
        if (current.offset() < before.offset()) {
            return;
        }
        for (MetadataPublisher p : publishers) {
            try {
                p.publish(before, current);
            } catch (RuntimeException e) {
                LOG.error("Metadata publisher {} failed at offset {}", p, current.offset(), e);
            }
        }
        image = current;
        List<CompletableFuture<MetadataImage>> done = new ArrayList<>();
        synchronized (this) {
            Iterator<Map.Entry<Long, List<CompletableFuture<MetadataImage>>>> it =
                    waiters.headMap(current.offset(), true).entrySet().iterator();
            while (it.hasNext()) {
                done.addAll(it.next().getValue());
                it.remove();
            }
            conditions.removeIf(c -> c.getValue().isDone());
            for (var c : conditions) {
                if (c.getKey().test(current)) {
                    done.add(c.getValue());
                }
            }
        }
        done.forEach(f -> f.complete(current));
    }

    /** Completes once an image with at least {@code offset} has been published. */
    public CompletableFuture<MetadataImage> awaitOffset(long offset) {
        MetadataImage now = image;
        if (now.offset() >= offset) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<MetadataImage> f = new CompletableFuture<>();
        synchronized (this) {
            waiters.computeIfAbsent(offset, o -> new ArrayList<>()).add(f);
        }
        now = image;
        if (now.offset() >= offset) {
            f.complete(now);
        }
        return f;
    }

    /**
     * Completes with the first published image satisfying {@code condition} (the current one if it
     * does already); the caller bounds the wait (e.g. {@code orTimeout}).
     */
    public CompletableFuture<MetadataImage> awaitImage(Predicate<MetadataImage> condition) {
        MetadataImage now = image;
        if (condition.test(now)) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<MetadataImage> f = new CompletableFuture<>();
        synchronized (this) {
            conditions.add(Map.entry(condition, f));
        }
        now = image;
        if (condition.test(now)) {
            f.complete(now);
        }
        return f;
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
    }
}
