package io.tributary.broker.group;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

/**
 * How the answer to a request waits for its write: {@link #whenWritten} runs the rest of the
 * request on the shard's thread once the {@link GroupWriter}'s future has completed, with the
 * error a client should see. Errors are mapped as Apache Kafka's group coordinator maps them: the
 * partition led elsewhere (or its log unusable) is NOT_COORDINATOR, so the client looks the
 * coordinator up again; a write that timed out or lacks replicas is COORDINATOR_NOT_AVAILABLE.
 * Stateless.
 */
final class WriteResults {

    private WriteResults() {}

    /** The error a client gets for a write (or a call) that failed with {@code failure}. */
    static Errors errorOf(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof NotCoordinatorException || e instanceof NotLeaderOrFollowerException
                || e instanceof KafkaStorageException || e instanceof FencedLeaderEpochException
                || e instanceof UnknownLeaderEpochException) {
            return Errors.NOT_COORDINATOR;
        }
        if (e instanceof CoordinatorLoadInProgressException) {
            return Errors.COORDINATOR_LOAD_IN_PROGRESS;
        }
        if (e instanceof TimeoutException || e instanceof NotEnoughReplicasException
                || e instanceof UnknownTopicOrPartitionException) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors known = Errors.forException(e);
        return known == Errors.UNKNOWN_SERVER_ERROR ? Errors.COORDINATOR_NOT_AVAILABLE : known;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Calls {@code then} with NONE once {@code write} has succeeded, or with the client's error once
     * it failed; on the shard's thread through {@code scheduler} (at once when the write is already
     * done, as on one node). When the scheduler's epoch has ended by then, {@code then} is not
     * called: unloading has already answered the request with NOT_COORDINATOR.
     */
    static void whenWritten(CompletableFuture<?> write, Scheduler scheduler, Consumer<Errors> then) {
        if (write.isDone()) {
            then.accept(outcome(write));
            return;
        }
        write.whenComplete((v, e) -> scheduler.execute(() -> then.accept(e == null ? Errors.NONE : errorOf(e))));
    }

    /** Starts a write, turning a synchronous failure into a failed future. */
    static CompletableFuture<Void> start(java.util.function.Supplier<CompletableFuture<Void>> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Errors outcome(CompletableFuture<?> done) {
        try {
            done.join();
            return Errors.NONE;
        } catch (RuntimeException e) {
            return errorOf(e);
        }
    }
}
