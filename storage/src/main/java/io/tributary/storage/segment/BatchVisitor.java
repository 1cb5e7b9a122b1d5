package io.tributary.storage.segment;

import java.nio.ByteBuffer;

/**
 * Receives the batches of a segment walk. {@code buf} holds at least the batch's 61-byte header
 * at index {@code index}; it is only valid during the call.
 */
@FunctionalInterface
public interface BatchVisitor {
    public void visit(ByteBuffer buf, int index);
}
