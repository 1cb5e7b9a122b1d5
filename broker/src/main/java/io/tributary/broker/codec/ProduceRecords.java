package io.tributary.broker.codec;

import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;

/** Access to the record bytes of a produce request's partition data. Stateless. */
public final class ProduceRecords {

    private ProduceRecords() {}

    /**
     * The bytes the client sent for one partition.
     *
     * @throws InvalidRecordException when the request carried no records, more than one batch or
     *     a batch of an old format; UnsupportedCompressionTypeException for zstd before v7
     */
    public static ByteBuffer buffer(short version, BaseRecords records) {
        if (!(records instanceof MemoryRecords memory) || memory.sizeInBytes() == 0) {
            throw new InvalidRecordException("Produce request carried no record batch");
        }
        ProduceRequest.validateRecords(version, records);
        return memory.buffer().duplicate();
    }
}
