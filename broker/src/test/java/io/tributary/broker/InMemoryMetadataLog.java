package io.tributary.broker;

import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.log.MetadataLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;

/** A metadata log kept in memory, for tests that need a controller but no storage engine. */
final class InMemoryMetadataLog implements MetadataLog {

    private final List<MetadataRecord> records = new ArrayList<>();

    @Override
    public synchronized long append(List<MetadataRecord> batch) {
        records.addAll(batch);
        return records.size() - 1;
    }

    @Override
    public synchronized void replay(ObjLongConsumer<MetadataRecord> sink) {
        for (int i = 0; i < records.size(); i++) {
            sink.accept(records.get(i), i);
        }
    }

    @Override
    public void close() {}
}
