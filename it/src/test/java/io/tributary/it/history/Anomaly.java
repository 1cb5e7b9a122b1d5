package io.tributary.it.history;

/**
 * The anomalies {@link HistoryChecker} looks for. A partition is a (topic, partition) pair; a value
 * is unique per send, so it names one record. "Observed" means returned by a poll of any consumer
 * or reported by an acknowledgement.
 */
public enum Anomaly {
    /**
     * An acknowledged value absent from the final read although the final read of its partition
     * reached its acknowledged offset (returned a record at that offset or beyond). The log moved on
     * past the record without it: it was lost.
     */
    LOST,
    /**
     * An acknowledged value absent from the final read, for whatever reason: every {@link #LOST}
     * value, and also those whose offset the final read never reached (the log ends before it).
     */
    UNSEEN,
    /** A value read at more than one (partition, offset): the log holds the record twice. */
    DUPLICATE,
    /**
     * Two different values observed at the same (partition, offset): by two reads, by a read and an
     * acknowledgement, or by two acknowledgements.
     */
    INCONSISTENT_OFFSET,
    /**
     * A consumer returned, for one partition, a record at an offset lower than the next offset it was
     * due to read (one past its previous record, or the offset it last sought to) with no seek or
     * assignment in between: its consumption went backwards.
     */
    POLL_BACKWARDS,
    /**
     * A consumer returned, for one partition, a record at an offset higher than the next offset it
     * was due to read, and some offset in between is known to hold a record (observed anywhere in the
     * history, before or after): it skipped records that exist.
     */
    POLL_SKIP,
    /** A send that failed definitely (the client says it was not written) whose value was observed. */
    FAILED_BUT_WRITTEN,
    /**
     * The history has no final read, or the final read of a partition stopped before that
     * partition's end offset: lost and unseen values cannot be judged there.
     */
    INCOMPLETE_FINAL_READ
}
