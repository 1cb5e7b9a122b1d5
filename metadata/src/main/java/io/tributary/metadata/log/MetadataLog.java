package io.tributary.metadata.log;

import io.tributary.metadata.MetadataRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * The replicated (on one node: local) log of metadata records. An append returns once the
 * records are durable; replay gives every committed record in order.
 */
public interface MetadataLog extends Closeable {

    /** Appends {@code records} durably as one batch; returns the offset of the last one. */
    long append(List<MetadataRecord> records) throws IOException;

    /** Gives every record in the log, with its offset, in order. */
    void replay(ObjLongConsumer<MetadataRecord> sink) throws IOException;
}
