package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.IneligibleReplicaException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.StaleBrokerEpochException;
import org.junit.jupiter.api.Test;

/** AlterPartition's rules and elections (clean and unclean), on hand-built images. */
class IsrOperationsTest {

    private static final List<BrokerEndpoint> EP = List.of(new BrokerEndpoint("PLAINTEXT", "h", 1, "PLAINTEXT"));
    private static final Uuid TOPIC = Uuid.randomUuid();

    /** Brokers 1 and 2 live, 3 fenced; t-0 on [1, 2, 3] led by 1 with ISR {@code isr}. */
    private static MetadataImage image(List<Integer> isr, Map<String, String> topicConfigs) {
        MetadataDelta d = new MetadataDelta(MetadataImage.EMPTY);
        long offset = 0;
        d.apply(offset++, new MetadataRecord.BrokerRecord(1, EP, null, false));
        d.apply(offset++, new MetadataRecord.BrokerRecord(2, EP, null, false));
        d.apply(offset++, new MetadataRecord.BrokerRecord(3, EP, null, true));
        d.apply(offset++, new MetadataRecord.TopicRecord("t", TOPIC));
        d.apply(offset++, new PartitionRecord(TOPIC, 0, List.of(1, 2, 3), isr, isr.get(0), 4, 7));
        for (Map.Entry<String, String> c : topicConfigs.entrySet()) {
            d.apply(offset++, new MetadataRecord.ConfigRecord("topic", "t", c.getKey(), c.getValue()));
        }
        return d.build();
    }

    private static Controller.AlterPartition alter(MetadataImage image, int broker, int leaderEpoch,
            int partitionEpoch, List<Integer> isr) {
        return new Controller.AlterPartition(broker, image.broker(broker).orElseThrow().epoch(), TOPIC, 0,
                leaderEpoch, partitionEpoch, isr);
    }

    @Test
    void theLeaderShrinksAndGrowsTheIsrAtTheCurrentEpochs() {
        MetadataImage image = image(List.of(1, 2), Map.of());
        ControllerResult<PartitionImage> shrink =
                IsrOperations.alterPartition(image, alter(image, 1, 4, 7, List.of(1)));
        assertThat(shrink.records()).hasSize(1);
        assertThat(shrink.response().isr()).containsExactly(1);
        assertThat(shrink.response().partitionEpoch()).isEqualTo(8);
        assertThat(shrink.response().leaderEpoch()).isEqualTo(4);

        ControllerResult<PartitionImage> same =
                IsrOperations.alterPartition(image, alter(image, 1, 4, 7, List.of(1, 2)));
        assertThat(same.records()).isEmpty();
        assertThat(same.response().partitionEpoch()).isEqualTo(7);
    }

    @Test
    void staleOrForeignChangesAreRefusedWithKafkasErrors() {
        MetadataImage image = image(List.of(1, 2), Map.of());
        assertThatThrownBy(() -> IsrOperations.alterPartition(image, alter(image, 1, 3, 7, List.of(1))))
                .isInstanceOf(FencedLeaderEpochException.class);
        assertThatThrownBy(() -> IsrOperations.alterPartition(image, alter(image, 1, 4, 6, List.of(1))))
                .isInstanceOf(InvalidUpdateVersionException.class);
        assertThatThrownBy(() -> IsrOperations.alterPartition(image, alter(image, 2, 4, 7, List.of(2))))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> IsrOperations.alterPartition(image, alter(image, 1, 4, 7, List.of(2))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> IsrOperations.alterPartition(image, alter(image, 1, 4, 7, List.of(1, 2, 3))))
                .isInstanceOf(IneligibleReplicaException.class);
        assertThatThrownBy(() -> IsrOperations.alterPartition(image,
                new Controller.AlterPartition(1, 999, TOPIC, 0, 4, 7, List.of(1))))
                .isInstanceOf(StaleBrokerEpochException.class);
    }

    @Test
    void aLostLeaderIsReplacedFromTheIsrOnlyAndTheLastMemberStays() {
        MetadataImage image = image(List.of(1, 2), Map.of());
        List<PartitionRecord> moved = PartitionLeadership.withoutBrokers(image, Set.of(1), Set.of(2), false);
        assertThat(moved).singleElement().satisfies(r -> {
            assertThat(r.leader()).isEqualTo(2);
            assertThat(r.isr()).containsExactly(2);
            assertThat(r.leaderEpoch()).isEqualTo(5);
        });

        MetadataImage alone = image(List.of(1), Map.of());
        List<PartitionRecord> none = PartitionLeadership.withoutBrokers(alone, Set.of(1), Set.of(2), false);
        assertThat(none).singleElement().satisfies(r -> {
            assertThat(r.leader()).isEqualTo(PartitionLeadership.NO_LEADER);
            assertThat(r.isr()).containsExactly(1);
        });
    }

    @Test
    void uncleanElectionPicksALiveOutOfSyncReplicaOnlyWhenEnabled() {
        MetadataImage alone = image(List.of(1), Map.of("unclean.leader.election.enable", "true"));
        List<PartitionRecord> moved = PartitionLeadership.withoutBrokers(alone, Set.of(1), Set.of(2), false);
        assertThat(moved).singleElement().satisfies(r -> {
            assertThat(r.leader()).isEqualTo(2);
            assertThat(r.isr()).containsExactly(2);
        });
        MetadataImage off = image(List.of(1), Map.of("unclean.leader.election.enable", "false"));
        assertThat(PartitionLeadership.withoutBrokers(off, Set.of(1), Set.of(2), true))
                .singleElement().satisfies(r -> assertThat(r.leader()).isEqualTo(PartitionLeadership.NO_LEADER));
    }
}
