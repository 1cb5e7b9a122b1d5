package io.tributary.codec;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The outcome of {@link BatchValidator#validate}: the buffer's batches, in order, and totals.
 *
 * @param buffer the validated buffer (batches occupy [position, limit))
 * @param batches one entry per batch
 * @param recordCount records over all batches
 * @param sizeInBytes bytes over all batches
 */
public record ValidatedBatches(ByteBuffer buffer, List<BatchInfo> batches, int recordCount, int sizeInBytes) {}
