package io.tributary.broker.producer;

import io.tributary.metadata.controller.Controller;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out producer ids from blocks the controller allocates, so one id costs one metadata
 * record per {@link #BLOCK_SIZE} producers.
 *
 * <p>Thread-safety: guarded by this object's monitor; a block refill is one controller round
 * trip, during which other callers wait on the same future.
 */
public final class ProducerIdManager {

    public static final int BLOCK_SIZE = 1000;

    private final int brokerId;
    private final Controller controller;
    private long next;
    private long end;
    private CompletableFuture<Long> refill;

    public ProducerIdManager(int brokerId, Controller controller) {
        this.brokerId = brokerId;
        this.controller = controller;
    }

    public CompletableFuture<Long> nextProducerId() {
        CompletableFuture<Long> pending;
        synchronized (this) {
            if (next < end) {
                return CompletableFuture.completedFuture(next++);
            }
            if (refill == null) {
                refill = controller.allocateProducerIds(brokerId, BLOCK_SIZE)
                        .whenComplete((first, error) -> {
                            synchronized (this) {
                                if (error == null) {
                                    next = first;
                                    end = first + BLOCK_SIZE;
                                }
                                refill = null;
                            }
                        });
            }
            pending = refill;
        }
        return pending.thenCompose(ignored -> nextProducerId());
    }
}
