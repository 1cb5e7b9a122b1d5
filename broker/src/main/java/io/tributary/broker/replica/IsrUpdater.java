package io.tributary.broker.replica;

import io.tributary.broker.replica.PartitionState.Leader;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.controller.Controller;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a leader's ISR changes to the controller (AlterPartition), at most one in flight per
 * partition: {@link Partition#beginIsrChange} marks it pending, which keeps the high watermark
 * on the union of the old and new ISR until the metadata image carrying the committed change
 * replaces the pending one. A refused, lost or timed-out change is forgotten
 * ({@link Partition#abortIsrChange}) and asked again when the next fetch or check finds it due.
 *
 * <p>Thread-safety: thread-safe; called from request threads (ISR expansion after a follower
 * fetch) and the ISR check (shrink). Answers complete on the controller's or transport's threads.
 */
public final class IsrUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(IsrUpdater.class);
    private static final long TIMEOUT_MS = 30_000L;

    private final int localBrokerId;
    private final Controller controller;
    private final LongSupplier brokerEpoch;

    public IsrUpdater(int localBrokerId, Controller controller, LongSupplier brokerEpoch) {
        this.localBrokerId = localBrokerId;
        this.controller = controller;
        this.brokerEpoch = brokerEpoch;
    }

    /** Asks for {@code isr} on {@code p} unless it is not leader or a change is already pending. */
    public void request(Partition p, List<Integer> isr) {
        Leader base = p.beginIsrChange(isr);
        if (base == null) {
            return;
        }
        LOG.info("Asking to change the ISR of {} from {} to {} (leader epoch {}, partition epoch {})",
                p.topicPartition(), base.isr(), isr, base.leaderEpoch(), base.partitionEpoch());
        Controller.AlterPartition request = new Controller.AlterPartition(localBrokerId, brokerEpoch.getAsLong(),
                p.topicId(), p.topicPartition().partition(), base.leaderEpoch(), base.partitionEpoch(), isr);
        controller.alterPartition(request).orTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((PartitionImage committed, Throwable failure) -> {
                    if (failure != null) {
                        LOG.info("ISR change of {} to {} not made: {}", p.topicPartition(), isr, failure.toString());
                        p.abortIsrChange(base.leaderEpoch(), base.partitionEpoch());
                    } else if (committed.partitionEpoch() == base.partitionEpoch()) {
                        p.abortIsrChange(base.leaderEpoch(), base.partitionEpoch()); // nothing changed
                    }
                });
    }
}
