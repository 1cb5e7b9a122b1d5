package io.tributary.broker.codec;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.FetchResponse;

/** The record bytes of one partition of a fetch response a follower received. Stateless. */
public final class FetchedRecords {

    private FetchedRecords() {}

    /** The records' bytes (empty when there are none), as the leader sent them. */
    public static ByteBuffer buffer(FetchResponseData.PartitionData data) {
        Records records = FetchResponse.recordsOrFail(data);
        if (records.sizeInBytes() == 0) {
            return ByteBuffer.allocate(0);
        }
        if (!(records instanceof MemoryRecords memory)) {
            throw new IllegalStateException("Fetched records are not in memory: " + records.getClass());
        }
        return memory.buffer();
    }
}
