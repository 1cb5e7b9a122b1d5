package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Reassignments start wide, complete once the ISR holds the target, and cancel back to the original. */
class ReassignmentsTest {

    private static final List<BrokerEndpoint> EP = List.of(new BrokerEndpoint("PLAINTEXT", "h", 1, "PLAINTEXT"));
    private static final Uuid TOPIC = Uuid.randomUuid();

    private static MetadataImage image(PartitionRecord partition) {
        MetadataDelta d = new MetadataDelta(MetadataImage.EMPTY);
        long offset = 0;
        for (int id = 1; id <= 4; id++) {
            d.apply(offset++, new MetadataRecord.BrokerRecord(id, EP, null, false));
        }
        d.apply(offset++, new MetadataRecord.TopicRecord("t", TOPIC));
        d.apply(offset, partition);
        return d.build();
    }

    private static MetadataImage apply(MetadataImage image, List<MetadataRecord> records) {
        MetadataDelta d = new MetadataDelta(image);
        long offset = 100;
        for (MetadataRecord r : records) {
            d.apply(offset++, r);
        }
        return d.build();
    }

    private static PartitionImage partition(MetadataImage image) {
        return image.topic("t").orElseThrow().partition(0);
    }

    @Test
    void aMoveWidensThenCompletesWhenTheIsrHoldsTheTarget() {
        MetadataImage image = image(new PartitionRecord(TOPIC, 0, List.of(1, 2), List.of(1, 2), 1, 3, 5));
        ControllerResult<List<Reassignments.Result>> started = Reassignments.alter(image,
                List.of(new Reassignments.Request("t", 0, List.of(3, 4))), true);
        assertThat(started.response()).singleElement().satisfies(r -> assertThat(r.errorCode()).isZero());
        MetadataImage wide = apply(image, started.records());
        PartitionImage p = partition(wide);
        assertThat(p.replicas()).containsExactly(3, 4, 1, 2);
        assertThat(p.addingReplicas()).containsExactly(3, 4);
        assertThat(p.removingReplicas()).containsExactly(1, 2);
        assertThat(p.isr()).containsExactly(1, 2);
        assertThat(p.leader()).isEqualTo(1);

        ControllerResult<PartitionImage> partial = IsrOperations.alterPartition(wide, new Controller.AlterPartition(1,
                wide.broker(1).orElseThrow().epoch(), TOPIC, 0, 3, 6, List.of(1, 2, 3)));
        assertThat(partial.response().reassigning()).isTrue();
        MetadataImage three = apply(wide, partial.records());
        ControllerResult<PartitionImage> done = IsrOperations.alterPartition(three, new Controller.AlterPartition(1,
                three.broker(1).orElseThrow().epoch(), TOPIC, 0, 3, 7, List.of(1, 2, 3, 4)));
        PartitionImage finished = done.response();
        assertThat(finished.reassigning()).isFalse();
        assertThat(finished.replicas()).containsExactly(3, 4);
        assertThat(finished.isr()).containsExactly(3, 4);
        assertThat(finished.leader()).isEqualTo(3);
        assertThat(finished.leaderEpoch()).isEqualTo(4);
    }

    @Test
    void cancellingGoesBackToTheOriginalReplicasAndNothingToCancelIsAnError() {
        MetadataImage image = image(new PartitionRecord(TOPIC, 0, List.of(3, 1), List.of(1), 1, 3, 5,
                List.of(3), List.of()));
        ControllerResult<List<Reassignments.Result>> cancelled = Reassignments.alter(image,
                List.of(new Reassignments.Request("t", 0, null)), true);
        PartitionImage p = partition(apply(image, cancelled.records()));
        assertThat(p.replicas()).containsExactly(1);
        assertThat(p.reassigning()).isFalse();

        ControllerResult<List<Reassignments.Result>> again = Reassignments.alter(apply(image, cancelled.records()),
                List.of(new Reassignments.Request("t", 0, null)), true);
        assertThat(again.response().get(0).errorCode()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS.code());
    }

    @Test
    void badTargetsAreRefused() {
        MetadataImage image = image(new PartitionRecord(TOPIC, 0, List.of(1, 2), List.of(1, 2), 1, 3, 5));
        List<Reassignments.Result> results = Reassignments.alter(image, List.of(
                new Reassignments.Request("t", 0, List.of(1, 1)),
                new Reassignments.Request("t", 0, List.of(9)),
                new Reassignments.Request("t", 7, List.of(1)),
                new Reassignments.Request("t", 0, List.of(1, 2, 3))), false).response();
        assertThat(results).extracting(Reassignments.Result::errorCode).containsExactly(
                Errors.INVALID_REPLICA_ASSIGNMENT.code(), Errors.INVALID_REPLICA_ASSIGNMENT.code(),
                Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.INVALID_REPLICATION_FACTOR.code());
    }
}
