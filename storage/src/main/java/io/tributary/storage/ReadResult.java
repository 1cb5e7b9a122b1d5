package io.tributary.storage;

import io.tributary.codec.FileRegionRecords;

/**
 * A read from the log: a region of one segment file, sent to the socket without copying through
 * the heap, and the log's bounds at the time of the read.
 *
 * @param records whole batches starting at or before the fetch offset (may be empty)
 * @param logStartOffset the first offset still in the log
 * @param logEndOffset the offset the next appended record will get
 */
public record ReadResult(FileRegionRecords records, long logStartOffset, long logEndOffset) {}
