package io.tributary.broker.replica;

import static io.tributary.broker.replica.ReplicaTestContext.LOCAL;
import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.TestBrokerConfig;
import io.tributary.broker.TopicConfigResolver;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.storage.LogConfig;
import io.tributary.storage.LogManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica manager over metadata images: which replicas it hosts, in which role, and the lookup errors. */
class ReplicaManagerTest {

    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir
    Path dir;

    private final ManualClock time = new ManualClock(1_000_000L);
    private LogManager logs;
    private ReplicaManager manager;
    private MetadataImage image = MetadataImage.EMPTY;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        logs = LogManager.open(List.of(dir), LogConfig.defaults(), time);
        TopicConfigResolver configs = new TopicConfigResolver(LogConfig.defaults(), TestBrokerConfig.defaults(), LOCAL,
                () -> image);
        manager = new ReplicaManager(LOCAL, logs, configs, time, new ManualTimer(time));
    }

    @AfterEach
    void tearDown() throws Exception {
        logs.close();
    }

    /** Publishes the current image plus {@code records}, as the metadata thread would. */
    private void publish(MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image);
        for (MetadataRecord r : records) {
            delta.apply(offset++, r);
        }
        MetadataImage previous = image;
        image = delta.build();
        manager.publisher().publish(previous, image);
    }

    private static MetadataRecord partition(int index, List<Integer> replicas, List<Integer> isr, int leader,
            int leaderEpoch, int partitionEpoch) {
        return new MetadataRecord.PartitionRecord(TOPIC_ID, index, replicas, isr, leader, leaderEpoch, partitionEpoch);
    }

    private Errors lookupError(TopicPartition tp) {
        Partition p = manager.partition(tp);
        return p == null ? manager.notHostedError(tp) : p.state().leaderError();
    }

    @Test
    void aTopicNobodyKnowsIsUnknown() {
        publish();

        assertThat(lookupError(T0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThatThrownBy(() -> manager.partitionOrException(T0)).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aLocalLeaderIsHostedAndServes() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL), List.of(LOCAL), LOCAL, 0, 0));

        Partition p = manager.partitionOrException(T0);
        p.appendAsLeader(records(2), (short) -1, 1);

        assertThat(lookupError(T0)).isEqualTo(Errors.NONE);
        assertThat(p.highWatermark()).isEqualTo(2);
        assertThat(manager.partitions()).containsOnlyKeys(T0);
        assertThatThrownBy(() -> manager.partitionOrException(new TopicPartition("t", 1)))
                .as("a partition index the topic does not have")
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aPartitionOnOtherBrokersIsNotLedHere() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID), partition(0, List.of(2, 3), List.of(2, 3), 2, 0, 0));

        assertThat(manager.partition(T0)).isNull();
        assertThat(lookupError(T0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThatThrownBy(() -> manager.partitionOrException(T0)).isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void leadershipFollowsTheImage() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL, 2), List.of(LOCAL, 2), LOCAL, 0, 0));
        Partition p = manager.partition(T0);
        assertThat(p.isLeader()).isTrue();

        publish(partition(0, List.of(LOCAL, 2), List.of(LOCAL, 2), 2, 1, 1));

        assertThat(manager.partition(T0)).isSameAs(p);
        assertThat(p.state()).isEqualTo(new PartitionState.Follower(2, 1, 1, List.of(LOCAL, 2), List.of(LOCAL, 2)));
        assertThat(lookupError(T0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThatThrownBy(() -> p.appendAsLeader(records(1), (short) 1, 1))
                .isInstanceOf(NotLeaderOrFollowerException.class);

        publish(partition(0, List.of(LOCAL, 2), List.of(LOCAL, 2), 2, 0, 2));
        assertThat(p.leaderEpoch()).as("an image going back in leader epochs is not applied").isEqualTo(1);
    }

    @Test
    void aDeletedTopicIsUnknownAndItsLogGone() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL), List.of(LOCAL), LOCAL, 0, 0));
        Partition p = manager.partition(T0);
        Path logDir = p.log().dir();

        publish(new MetadataRecord.RemoveTopicRecord(TOPIC_ID));

        assertThat(manager.partition(T0)).isNull();
        assertThat(p.state()).isInstanceOf(PartitionState.Deleted.class);
        assertThat(lookupError(T0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThatThrownBy(() -> p.appendAsLeader(records(1), (short) 1, 1))
                .as("a request that found the replica before the deletion")
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(logDir).doesNotExist();
    }

    @Test
    void aReplicaMovedAwayIsDeleted() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL, 2), List.of(LOCAL, 2), LOCAL, 0, 0));
        Partition p = manager.partition(T0);

        publish(partition(0, List.of(2, 3), List.of(2, 3), 2, 1, 1));

        assertThat(p.state()).isInstanceOf(PartitionState.Deleted.class);
        assertThat(lookupError(T0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void imagesAreAppliedOneAtATime() {
        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL, 2), List.of(LOCAL, 2), LOCAL, 0, 0));
        List<Throwable> refused = new java.util.ArrayList<>();
        MetadataImage before = image;
        manager.partition(T0).addWaiter(() -> {
            try {
                manager.publisher().publish(before, before); // from inside an apply in progress
            } catch (IllegalStateException e) {
                refused.add(e);
            }
        });

        publish(partition(0, List.of(LOCAL, 2), List.of(LOCAL), LOCAL, 0, 1));

        assertThat(refused).hasSize(1);
        assertThat(((PartitionState.Leader) manager.partition(T0).state()).isr()).containsExactly(LOCAL);
    }

    @Test
    void aReplicaWhoseLogCannotBeOpenedIsOffline() throws Exception {
        Files.writeString(dir.resolve("t-0"), "not a directory");

        publish(new MetadataRecord.TopicRecord("t", TOPIC_ID),
                partition(0, List.of(LOCAL), List.of(LOCAL), LOCAL, 0, 0));

        Partition p = manager.partitionOrException(T0);
        assertThat(p.state()).isInstanceOf(PartitionState.Offline.class);
        assertThat(lookupError(T0)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThatThrownBy(() -> p.appendAsLeader(records(1), (short) 1, 1)).isInstanceOf(KafkaStorageException.class);

        publish(partition(0, List.of(LOCAL), List.of(LOCAL), LOCAL, 1, 1));
        assertThat(p.state()).as("stays offline whatever the image says").isInstanceOf(PartitionState.Offline.class);
        publish(new MetadataRecord.RemoveTopicRecord(TOPIC_ID));
        assertThat(p.state()).isInstanceOf(PartitionState.Deleted.class);
    }
}
