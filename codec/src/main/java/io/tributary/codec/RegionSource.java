package io.tributary.codec;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the bytes of a {@link FileRegionRecords} come from when they are not to be sent from the
 * page cache: a segment written with direct I/O copies them from its own memory or reads them
 * from the device.
 */
@FunctionalInterface
public interface RegionSource {
    /**
     * Fills {@code dst} from its position to its limit with the file's bytes from {@code position},
     * advancing its position; the bytes must lie below the segment size the region was cut at.
     */
    void read(long position, ByteBuffer dst) throws IOException;
}
