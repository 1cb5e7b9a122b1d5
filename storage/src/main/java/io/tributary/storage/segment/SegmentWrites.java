package io.tributary.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes to segment files that leave nothing behind when they fail: a write that throws part-way
 * (a full or failing disk) has the file cut back to where it started, so the file keeps ending at
 * the segment's size and no later load, append or restart takes the partial bytes for batches; a
 * segment made for a roll that then failed is deleted again. Stateless.
 */
public final class SegmentWrites {
    private SegmentWrites() {
    }

    /** Writes all of {@code src} at {@code position}, or cuts the file back to it and rethrows. */
    public static void writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
        long at = position;
        try {
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        } catch (IOException | RuntimeException e) {
            cutBack(channel, position, e);
            throw e;
        }
    }

    /** Closes and deletes a segment that was never published, after {@code failure}. */
    public static void discard(LogSegment segment, Throwable failure) {
        try {
            segment.delete();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Cuts the file to {@code size} after {@code failure}; a cut that fails too is added to it. */
    public static void cutBack(FileChannel channel, long size, Throwable failure) {
        try {
            channel.truncate(size);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
