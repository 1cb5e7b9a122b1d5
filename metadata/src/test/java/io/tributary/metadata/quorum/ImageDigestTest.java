package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The metadata digest is the same however an image was built, and changes with its content. */
class ImageDigestTest {

    private static MetadataImage image(String retention) {
        Uuid id = new Uuid(1, 2);
        MetadataDelta d = new MetadataDelta(MetadataImage.EMPTY);
        d.apply(0, new MetadataRecord.ClusterRecord("c"));
        d.apply(1, new MetadataRecord.BrokerRecord(1, List.of(new BrokerEndpoint("PLAINTEXT", "h", 1, "PLAINTEXT")),
                null, false));
        d.apply(2, new MetadataRecord.TopicRecord("t", id));
        d.apply(3, new MetadataRecord.PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
        d.apply(4, new MetadataRecord.ConfigRecord("topic", "t", "segment.ms", "1000"));
        d.apply(5, new MetadataRecord.ConfigRecord("topic", "t", "retention.ms", retention));
        return d.build();
    }

    @Test
    void replayAndSnapshotGiveTheSameDigestAndAnyChangeAnother() {
        MetadataImage replayed = image("5");
        MetadataImage restored = ImageSnapshot.decode(ImageSnapshot.encode(replayed));
        assertThat(ImageSnapshot.digest(restored)).isEqualTo(ImageSnapshot.digest(replayed)).hasSize(64);
        assertThat(ImageSnapshot.digest(image("6"))).isNotEqualTo(ImageSnapshot.digest(replayed));
    }
}
