package io.tributary.storage.segment;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment as runs of whole batches for a sequential pass over it (the cleaner's): each
 * run at most a given size, a larger batch alone, in file order, up to the segment's size when
 * the pass starts. Stateless.
 */
public final class SegmentChunks {

    /** Receives runs of whole batches; the buffer holds them from its position to its limit. */
    @FunctionalInterface
    public interface ChunkVisitor {
        void visit(ByteBuffer batches) throws IOException;
    }

    private SegmentChunks() {}

    /** Calls {@code visitor} with the segment's batches in runs of at most {@code maxChunk} bytes. */
    public static void forEach(LogSegment segment, int maxChunk, ChunkVisitor visitor) throws IOException {
        FileChannel channel = segment.channel();
        long limit = segment.size();
        SegmentReader r = new SegmentReader().reset(channel, limit);
        long start = 0;
        while (start < limit) {
            long end = start;
            while (end < limit && r.load(end, HEADER_SIZE)) {
                int batchSize = r.batchSize(end);
                if (end > start && end + batchSize - start > maxChunk) {
                    break;
                }
                end += batchSize;
            }
            if (end == start) {
                break;
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) (end - start));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, start + chunk.position()) < 0) {
                    throw new IOException("Unexpected end of " + segment.logFile());
                }
            }
            chunk.flip();
            visitor.visit(chunk);
            start = end;
        }
    }
}
