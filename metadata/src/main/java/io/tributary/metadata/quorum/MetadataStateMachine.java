package io.tributary.metadata.quorum;

import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.codec.MetadataBatchCodec;
import io.tributary.metadata.controller.MetadataPublisher;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary's metadata as a Ratis state machine: each committed log entry holds one batch of
 * {@link MetadataRecord}s, decided by the active controller against the image at a given offset
 * ({@link MetadataEntry}); applying it makes the next {@link MetadataImage}, whose offset is the
 * entry's Raft index. An entry decided against an image that is no longer the newest (another
 * leader committed in between) is skipped, so every applied decision was made on the state it
 * changes. Snapshots are images, written as records; Ratis sends them to followers that are too
 * far behind (or new), which then load them.
 *
 * <p>Thread-safety: Ratis applies entries on one thread; the image is volatile and read from any
 * thread; the listener is called on the apply thread, in order.
 */
final class MetadataStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final MetadataPublisher listener;
    private final Function<ByteBuffer, CompletableFuture<ByteBuffer>> queries;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile int leaderId = -1;

    /**
     * @param listener receives every applied image
     * @param queries answers read-only requests sent to this node (controller calls from other nodes)
     */
    MetadataStateMachine(MetadataPublisher listener, Function<ByteBuffer, CompletableFuture<ByteBuffer>> queries) {
        this.listener = listener;
        this.queries = queries;
    }

    MetadataImage image() {
        return image;
    }

    int leaderId() {
        return leaderId;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        reinitialize();
    }

    @Override
    public void reinitialize() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.getLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
        }
        TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
        MetadataImage loaded = ImageSnapshot.decode(ByteBuffer.wrap(Files.readAllBytes(file)));
        MetadataImage previous = image;
        image = loaded;
        updateLastAppliedTermIndex(last);
        LOG.info("Metadata snapshot loaded at {}: {} topics, {} brokers", last, loaded.topics().size(),
                loaded.brokers().size());
        listener.publish(previous, loaded);
    }

    @Override
    public long takeSnapshot() throws IOException {
        MetadataImage current = image;
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() < 0) {
            return -1;
        }
        File target = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        ByteBuffer bytes = ImageSnapshot.encode(current);
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
        FileInfo info = new FileInfo(target.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(target));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, applied));
        LOG.info("Metadata snapshot written at {}", applied);
        return applied.getIndex();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex termIndex = TermIndex.valueOf(entry);
        MetadataEntry decoded =
                MetadataEntry.decode(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
        MetadataImage current = image;
        boolean applies = decoded.basedOn() == current.offset();
        if (applies) {
            MetadataDelta delta = new MetadataDelta(current);
            for (MetadataRecord r : decoded.records()) {
                delta.apply(termIndex.getIndex(), r);
            }
            MetadataImage next = delta.build();
            image = next;
            updateLastAppliedTermIndex(termIndex);
            try {
                listener.publish(current, next);
            } catch (RuntimeException e) {
                LOG.error("Metadata listener failed at {}", termIndex, e);
            }
        } else {
            updateLastAppliedTermIndex(termIndex);
            LOG.info("Skipped metadata entry {} decided on offset {} (now {})", termIndex, decoded.basedOn(),
                    current.offset());
        }
        return CompletableFuture.completedFuture(Message.valueOf(applies ? "applied" : "stale"));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return queries.apply(request.getContent().asReadOnlyByteBuffer())
                .thenApply(reply -> Message.valueOf(ByteString.copyFrom(reply)));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderId = newLeaderId == null ? -1 : RatisQuorum.nodeId(newLeaderId);
    }

    /**
     * One log entry's content: the offset of the image the records were decided on, and the records.
     */
    record MetadataEntry(long basedOn, List<MetadataRecord> records) {

        ByteString encode() {
            ByteBuffer batch = MetadataBatchCodec.encode(records, 0L);
            ByteBuffer out = ByteBuffer.allocate(8 + batch.remaining());
            out.putLong(basedOn).put(batch).flip();
            return ByteString.copyFrom(out);
        }

        static MetadataEntry decode(ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            long basedOn = b.getLong();
            List<MetadataRecord> records = new ArrayList<>();
            MetadataBatchCodec.decode(b.slice(), (record, offset) -> records.add(record));
            return new MetadataEntry(basedOn, records);
        }
    }
}
