package io.tributary.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes to a segment file that leave nothing behind when they fail: a write that throws part-way
 * (a full or failing disk) has the file cut back to where it started, so the file keeps ending at
 * the segment's size and no later load, append or restart takes the partial bytes for batches.
 * Stateless.
 */
final class SegmentWrites {
    private SegmentWrites() {
    }

    /** Writes all of {@code src} at {@code position}, or cuts the file back to it and rethrows. */
    static void writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
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

    /** Cuts the file to {@code size} after {@code failure}; a cut that fails too is added to it. */
    static void cutBack(FileChannel channel, long size, Throwable failure) {
        try {
            channel.truncate(size);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
