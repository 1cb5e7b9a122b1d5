package io.tributary.storage;

import org.apache.kafka.common.KafkaException;

/**
 * A follower's append whose first batch starts below the log end offset: the follower and its
 * leader disagree about the log (it must truncate first). Apache Kafka's exception of the same
 * name carries the same two offsets.
 */
public final class UnexpectedAppendOffsetException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final long firstOffset;
    private final long lastOffset;

    public UnexpectedAppendOffsetException(String message, long firstOffset, long lastOffset) {
        super(message);
        this.firstOffset = firstOffset;
        this.lastOffset = lastOffset;
    }

    /** The first offset of the rejected append. */
    public long firstOffset() {
        return firstOffset;
    }

    /** The last offset of the rejected append. */
    public long lastOffset() {
        return lastOffset;
    }
}
