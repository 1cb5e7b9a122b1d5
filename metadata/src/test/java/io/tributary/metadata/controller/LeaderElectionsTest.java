package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Preferred and unclean elections, and the automatic balance's threshold. */
class LeaderElectionsTest {

    private static final List<BrokerEndpoint> EP = List.of(new BrokerEndpoint("PLAINTEXT", "h", 1, "PLAINTEXT"));
    private static final Uuid TOPIC = Uuid.randomUuid();

    /** Brokers 1-3 live; t has one partition per record. */
    private static MetadataImage image(PartitionRecord... partitions) {
        MetadataDelta d = new MetadataDelta(MetadataImage.EMPTY);
        long offset = 0;
        for (int id = 1; id <= 3; id++) {
            d.apply(offset++, new MetadataRecord.BrokerRecord(id, EP, null, false));
        }
        d.apply(offset++, new MetadataRecord.TopicRecord("t", TOPIC));
        for (PartitionRecord p : partitions) {
            d.apply(offset++, p);
        }
        return d.build();
    }

    private static PartitionRecord partition(int index, List<Integer> replicas, List<Integer> isr, int leader) {
        return new PartitionRecord(TOPIC, index, replicas, isr, leader, 2, 2);
    }

    @Test
    void preferredElectionNeedsTheFirstReplicaInSync() {
        MetadataImage image = image(partition(0, List.of(1, 2), List.of(1, 2), 2),
                partition(1, List.of(1, 2), List.of(2), 2), partition(2, List.of(1, 2), List.of(1, 2), 1));
        ControllerResult<List<LeaderElections.Result>> r = LeaderElections.elect(image,
                LeaderElections.Type.PREFERRED, null);
        assertThat(r.response()).extracting(LeaderElections.Result::errorCode).containsExactly(Errors.NONE.code(),
                Errors.PREFERRED_LEADER_NOT_AVAILABLE.code(), Errors.ELECTION_NOT_NEEDED.code());
        assertThat(r.records()).singleElement().satisfies(rec -> {
            PartitionRecord p = (PartitionRecord) rec;
            assertThat(p.leader()).isEqualTo(1);
            assertThat(p.leaderEpoch()).isEqualTo(3);
        });
    }

    @Test
    void uncleanElectionGivesALeaderlessPartitionALiveReplica() {
        MetadataImage image = image(partition(0, List.of(4, 2), List.of(4), -1));
        ControllerResult<List<LeaderElections.Result>> r = LeaderElections.elect(image,
                LeaderElections.Type.UNCLEAN, List.of(new LeaderElections.Target("t", 0)));
        assertThat(r.records()).singleElement().satisfies(rec -> {
            assertThat(((PartitionRecord) rec).leader()).isEqualTo(2);
            assertThat(((PartitionRecord) rec).isr()).containsExactly(2);
        });
    }

    @Test
    void theBalanceMovesLeadershipsOnlyAboveTheImbalanceThreshold() {
        MetadataImage image = image(partition(0, List.of(1, 2), List.of(1, 2), 2),
                partition(1, List.of(1, 2), List.of(1, 2), 1), partition(2, List.of(1, 2), List.of(1, 2), 1),
                partition(3, List.of(1, 2), List.of(1, 2), 1));
        assertThat(LeaderElections.rebalance(image, 25)).as("1 of 4 is 25%: not above").isEmpty();
        assertThat(LeaderElections.rebalance(image, 10)).hasSize(1);
    }
}
