package io.tributary.broker.replica;

/**
 * Something waiting on a partition, such as a long-poll fetch (for data below the high watermark)
 * or an acks=all produce (for the high watermark to pass its records).
 */
public interface PartitionWaiter {

    /**
     * The partition's high watermark advanced or its state changed (leadership, ISR, deletion):
     * check again. Called on the thread that made the change, with no partition lock held; must be
     * quick and may run concurrently for several partitions.
     */
    void wake();
}
