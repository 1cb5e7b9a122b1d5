package io.tributary.metadata.log;

import io.tributary.codec.FileRegionRecords;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.codec.MetadataBatchCodec;
import io.tributary.storage.AppendResult;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.utils.Time;

/**
 * The metadata log of a single-voter quorum: partition {@code __cluster_metadata-0} in the first
 * log directory, kept by the storage engine and fsynced on every append.
 *
 * <p>Thread-safety: appends come from the controller thread only; replay runs before the first
 * append.
 */
public final class LocalMetadataLog implements MetadataLog {

    public static final String DIR_NAME = "__cluster_metadata-0";
    private static final int READ_CHUNK = 1024 * 1024;

    private final Log log;
    private final Time time;

    private LocalMetadataLog(Log log, Time time) {
        this.log = log;
        this.time = time;
    }

    public static LocalMetadataLog open(Path logDir, Time time) throws IOException {
        LogConfig config = LogConfig.defaults().with(java.util.Map.of(
                LogConfig.SEGMENT_BYTES, Integer.toString(64 * 1024 * 1024),
                LogConfig.FLUSH_MESSAGES, "1"));
        Log log = Log.open(logDir.resolve(DIR_NAME), config, time, 0L, false);
        return new LocalMetadataLog(log, time);
    }

    @Override
    public long append(List<MetadataRecord> records) throws IOException {
        AppendResult result = log.appendAsLeader(MetadataBatchCodec.encode(records, time.milliseconds()), 0);
        log.flush();
        return result.lastOffset();
    }

    @Override
    public void replay(ObjLongConsumer<MetadataRecord> sink) throws IOException {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            ReadResult read = log.read(offset, READ_CHUNK, end, true);
            FileRegionRecords region = read.records();
            if (region.sizeInBytes() == 0) {
                break;
            }
            ByteBuffer buf = ByteBuffer.allocate(region.sizeInBytes());
            long pos = region.position();
            while (buf.hasRemaining()) {
                int n = region.channel().read(buf, pos);
                if (n < 0) {
                    throw new IOException("unexpected end of metadata segment");
                }
                pos += n;
            }
            buf.flip();
            long[] next = {offset};
            long from = offset;
            MetadataBatchCodec.decode(buf, (record, off) -> {
                if (off >= from) {
                    sink.accept(record, off);
                }
                next[0] = off + 1;
            });
            if (next[0] <= offset) {
                throw new IOException("metadata log made no progress at offset " + offset);
            }
            offset = next[0];
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
