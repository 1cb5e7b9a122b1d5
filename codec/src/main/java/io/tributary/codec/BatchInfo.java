package io.tributary.codec;

/**
 * What validation learned about one v2 batch of an append, read from its header and its records.
 *
 * @param position index of the batch's first byte in the validated buffer
 * @param sizeInBytes whole batch size
 * @param recordCount records in the batch
 * @param maxTimestamp the max timestamp the batch should carry under CreateTime: the largest of
 *     its records' timestamps
 * @param minTimestamp the smallest of its records' timestamps other than NO_TIMESTAMP ({@code
 *     Long.MAX_VALUE} when there is none)
 * @param producerId the producer id, or -1
 * @param producerEpoch the producer epoch, or -1
 * @param baseSequence the first sequence, or -1
 * @param lastSequence the last sequence, or -1
 * @param transactional whether the batch belongs to a transaction
 * @param control whether the batch holds control records (transaction markers)
 * @param compressed whether the records are compressed
 */
public record BatchInfo(
        int position,
        int sizeInBytes,
        int recordCount,
        long maxTimestamp,
        long minTimestamp,
        long producerId,
        short producerEpoch,
        int baseSequence,
        int lastSequence,
        boolean transactional,
        boolean control,
        boolean compressed) {

    public boolean hasProducerId() {
        return producerId >= 0;
    }
}
