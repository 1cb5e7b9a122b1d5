package io.tributary.broker.replica;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The waiters of one {@link Partition}: all of them are woken when its high watermark advances or
 * its state changes; append waiters (followers' long-poll fetches) also on every leader append.
 * Thread-safe; waiters run on the waking thread.
 */
final class PartitionWaiters {

    private final Set<PartitionWaiter> all = ConcurrentHashMap.newKeySet();
    private final Set<PartitionWaiter> onAppend = ConcurrentHashMap.newKeySet();

    void add(PartitionWaiter waiter, boolean wakeOnAppend) {
        if (wakeOnAppend) {
            onAppend.add(waiter);
        }
        all.add(waiter);
    }

    void remove(PartitionWaiter waiter) {
        all.remove(waiter);
        onAppend.remove(waiter);
    }

    void wakeAll() {
        wake(all);
    }

    void wakeAppendWaiters() {
        wake(onAppend);
    }

    private static void wake(Set<PartitionWaiter> set) {
        if (set.isEmpty()) {
            return;
        }
        for (PartitionWaiter w : set) {
            w.wake();
        }
    }
}
