package io.tributary.registry;

import java.net.URI;

/**
 * Which node makes the registry's writes. In a cluster it is the node leading {@code _schemas} partition 0, as
 * Confluent's registry writes through its elected leader: one writer at a time, so ids never collide and versions
 * stay contiguous. The server answers from the metadata image. Implementations are thread-safe.
 */
@FunctionalInterface
public interface WriterLocator {

    /** A single node: it makes its own writes. */
    WriterLocator LOCAL = () -> null;

    /**
     * The base URL ({@code http://host:port}) of the registry REST API of the node that writes, or null when it is
     * this node.
     *
     * @throws RegistryException 50004 when no writer is known (the partition has no leader, or its leader serves
     *     no registry)
     */
    URI remoteWriter();
}
