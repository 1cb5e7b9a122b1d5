package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * Images become elections and resignations of the coordinator's partitions: once per new leader
 * epoch led here, once when leadership leaves, and for every partition led here when the topic is
 * deleted; other brokers' leaderships and unchanged images tell nothing.
 */
class OffsetsLeadershipTest {

    private static final int LOCAL = 1;

    private final List<String> told = new ArrayList<>();
    private final OffsetsLeadership leadership = new OffsetsLeadership(LOCAL, new OffsetsLeadership.Elections() {
        @Override
        public void onElection(int partition, int leaderEpoch) {
            told.add("elect " + partition + "@" + leaderEpoch);
        }

        @Override
        public void onResignation(int partition, int leaderEpoch) {
            told.add("resign " + partition + "@" + leaderEpoch);
        }

        @Override
        public void topicExists(boolean exists) {
            // read by the coordinator's handlers only
        }
    });
    private final Uuid topicId = Uuid.randomUuid();
    private MetadataImage image = MetadataImage.EMPTY;
    private long offset;

    /** Applies records to the current image and publishes the result. */
    private void apply(MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image);
        for (MetadataRecord r : records) {
            delta.apply(offset++, r);
        }
        MetadataImage next = delta.build();
        leadership.publish(image, next);
        image = next;
    }

    private MetadataRecord.PartitionRecord partition(int p, int leader, int epoch) {
        return new MetadataRecord.PartitionRecord(topicId, p, List.of(leader), List.of(leader), leader, epoch, epoch);
    }

    @Test
    void leadershipChangesOfTheOffsetsTopicAreToldOnce() {
        apply(new MetadataRecord.TopicRecord(OffsetsTopic.NAME, topicId), partition(0, LOCAL, 0),
                partition(1, 2, 0));
        assertThat(told).containsExactly("elect 0@0");

        apply(new MetadataRecord.TopicRecord("other", Uuid.randomUuid()));
        assertThat(told).as("an image that leaves the leaderships alone").containsExactly("elect 0@0");

        apply(partition(0, 2, 1), partition(1, LOCAL, 1));
        assertThat(told).containsExactly("elect 0@0", "resign 0@1", "elect 1@1");

        apply(partition(1, LOCAL, 2));
        assertThat(told).as("a new epoch led here again").endsWith("elect 1@2");

        apply(new MetadataRecord.RemoveTopicRecord(topicId));
        assertThat(told).endsWith("resign 1@-1").hasSize(5);
    }
}
