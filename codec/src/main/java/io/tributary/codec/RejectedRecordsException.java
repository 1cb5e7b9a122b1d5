package io.tributary.codec;

import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.requests.ProduceResponse.RecordError;

/**
 * A batch refused because some of its records break a record-level rule (a record without a key
 * in a compacted topic): as in Apache Kafka the whole batch is refused and nothing of it is
 * appended, and the produce response names each offending record by its index in the batch
 * (KIP-467 {@code record_errors}) under the partition error INVALID_RECORD. The message is the
 * one Kafka's validator gives (the number of errors and at most the first three of them).
 *
 * <p>Immutable.
 */
public final class RejectedRecordsException extends InvalidRecordException {

    private static final long serialVersionUID = 1L;
    private static final int ERRORS_IN_MESSAGE = 3;

    @SuppressWarnings("serial") // an immutable List.copyOf; the exception is never serialised
    private final List<RecordError> recordErrors;

    /** @param recordErrors the offending records of one batch, in batch order; not empty */
    public RejectedRecordsException(List<RecordError> recordErrors) {
        super("One or more records have been rejected due to " + recordErrors.size() + " record errors in total, "
                + "and only showing the first three errors at most: "
                + recordErrors.subList(0, Math.min(recordErrors.size(), ERRORS_IN_MESSAGE)));
        this.recordErrors = List.copyOf(recordErrors);
    }

    /** Each offending record's index in its batch and what is wrong with it. */
    public List<RecordError> recordErrors() {
        return recordErrors;
    }
}
