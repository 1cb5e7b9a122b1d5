package io.tributary.broker.partition;

/** Something waiting for new data in a partition, such as a long-poll fetch. */
public interface DataWaiter {

    /** Called on the appending thread after new data became visible; must be quick. */
    void onData();
}
