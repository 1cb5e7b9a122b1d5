package io.tributary.storage;

/** Who is appending to a leader's log; decides which of Kafka's client checks apply. */
public enum AppendOrigin {
    /**
     * A producer: base offsets must be 0, control batches are refused, idempotent sequences and
     * epochs are checked.
     */
    CLIENT,
    /** The broker's own coordinators (transaction markers): control batches are accepted. */
    COORDINATOR
}
