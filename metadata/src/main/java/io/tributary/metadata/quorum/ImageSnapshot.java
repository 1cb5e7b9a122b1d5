package io.tributary.metadata.quorum;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.codec.MetadataBatchCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A metadata image as the records that rebuild it: a snapshot of the metadata log. Replaying
 * {@link #records} over the empty image gives an image equal to the original in every field
 * (brokers keep their epochs).
 * Stateless.
 */
public final class ImageSnapshot {

    private ImageSnapshot() {}

    /** The records that rebuild {@code image}, in an order valid for replay. */
    public static List<MetadataRecord> records(MetadataImage image) {
        List<MetadataRecord> out = new ArrayList<>();
        out.add(new MetadataRecord.ClusterRecord(image.clusterId()));
        for (BrokerImage b : image.brokers().values()) {
            out.add(new MetadataRecord.BrokerRecord(b.id(), b.endpoints(), b.rack(), b.fenced(), b.incarnationId(),
                    b.epoch()));
        }
        for (TopicImage t : image.sortedTopics().values()) {
            out.add(new MetadataRecord.TopicRecord(t.name(), t.id()));
            for (PartitionImage p : t.partitions().values()) {
                out.add(new MetadataRecord.PartitionRecord(t.id(), p.partition(), p.replicas(), p.isr(), p.leader(),
                        p.leaderEpoch(), p.partitionEpoch(), p.addingReplicas(), p.removingReplicas()));
            }
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                out.add(new MetadataRecord.ConfigRecord("topic", t.name(), c.getKey(), c.getValue()));
            }
        }
        for (Map.Entry<String, Map<String, String>> r : image.allBrokerConfigsView().entrySet()) {
            for (Map.Entry<String, String> c : r.getValue().entrySet()) {
                out.add(new MetadataRecord.ConfigRecord("broker", r.getKey(), c.getKey(), c.getValue()));
            }
        }
        out.add(new MetadataRecord.ProducerIdsRecord(-1, image.nextProducerId()));
        return out;
    }

    /**
     * {@code image} encoded: its offset (8 bytes), then one batch of records. The offset is the
     * image's own (that of the last metadata entry applied), which can be lower than the Raft index
     * the snapshot is taken at: entries that carry no metadata move the index, not the image.
     */
    public static ByteBuffer encode(MetadataImage image) {
        ByteBuffer batch = MetadataBatchCodec.encode(records(image), 0L);
        ByteBuffer out = ByteBuffer.allocate(8 + batch.remaining());
        out.putLong(image.offset()).put(batch).flip();
        return out;
    }

    /**
     * A digest of {@code image}'s content (SHA-256, hex), the same on every node that applied the
     * same metadata however it got there (log replay or snapshot): each record is encoded alone and
     * the encodings are hashed in sorted order, so map iteration orders do not matter.
     */
    public static String digest(MetadataImage image) {
        List<String> encoded = new ArrayList<>();
        for (MetadataRecord r : records(image)) {
            ByteBuffer b = MetadataBatchCodec.encode(List.of(r), 0L);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            encoded.add(java.util.HexFormat.of().formatHex(bytes));
        }
        java.util.Collections.sort(encoded);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String e : encoded) {
                sha.update(e.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                sha.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image that {@code buffer} (from {@link #encode}) rebuilds, with its offset. */
    public static MetadataImage decode(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        long offset = b.getLong();
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        MetadataBatchCodec.decode(b.slice(), (record, ignored) -> delta.apply(offset, record));
        return delta.build();
    }
}
