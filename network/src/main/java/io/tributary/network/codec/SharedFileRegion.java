package io.tributary.network.codec;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A zero-copy region of a segment file whose {@link FileChannel} belongs to the segment, not to
 * this region: releasing the region does not close the channel ({@link DefaultFileRegion} would).
 *
 * <p>It extends {@link DefaultFileRegion} rather than implementing {@code FileRegion} afresh so
 * that the epoll transport recognises it and uses native {@code sendfile}; the NIO transport gets
 * {@code FileChannel.transferTo} into the socket, also {@code sendfile} on Linux.
 *
 * <p>If the segment closes its channel while the region is queued, the write fails and the
 * connection is closed; segments must stay open while fetch responses referencing them are in
 * flight (or tolerate that outcome).
 *
 * <p>Thread-safety: as any Netty message, owned by one channel's pipeline at a time.
 */
public final class SharedFileRegion extends DefaultFileRegion {

    public SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The segment owns the channel; nothing to free here.
    }
}
