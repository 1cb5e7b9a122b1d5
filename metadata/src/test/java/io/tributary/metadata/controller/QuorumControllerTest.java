package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.controller.Controller.BrokerHeartbeat;
import io.tributary.metadata.controller.Controller.BrokerRegistration;
import io.tributary.metadata.controller.Controller.HeartbeatReply;
import io.tributary.metadata.log.LocalMetadataLog;
import io.tributary.metadata.quorum.LocalQuorum;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.StaleBrokerEpochException;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumControllerTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(1, 1, (short) 1, true, 9_000);
    private static final List<BrokerEndpoint> ENDPOINTS =
            List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT"));

    @TempDir
    Path dir;

    private QuorumController start(Time time, List<MetadataImage> published) throws Exception {
        LocalQuorum quorum = LocalQuorum.open(LocalMetadataLog.open(dir, time), 1, time);
        quorum.setListener((prev, next) -> published.add(next));
        return QuorumController.start(quorum, CONFIG, time, offset -> CompletableFuture.completedFuture(null));
    }

    @Test
    void committedMetadataSurvivesARestartAndListenersSeeEveryImage() throws Exception {
        String clusterId;
        List<MetadataImage> published = new ArrayList<>();
        QuorumController c = start(Time.SYSTEM, published);
        try {
            clusterId = c.image().clusterId();
            assertThat(clusterId).isNotEmpty();
            long epoch = c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null)).join();
            c.heartbeat(new BrokerHeartbeat(1, epoch, c.image().offset(), false)).join();
            c.createTopics(List.of(new TopicOperations.NewTopic("t", 4, (short) 1, Map.of(),
                    Map.of("segment.ms", "60000"))), false).join();
            long first = c.allocateProducerIds(1, 1000).join();
            long second = c.allocateProducerIds(1, 1000).join();
            assertThat(second).isEqualTo(first + 1000);
        } finally {
            c.close();
            c.quorum().close();
        }
        assertThat(published).hasSize(6);
        assertThat(published.get(published.size() - 1).topic("t")).isPresent();
        QuorumController again = start(Time.SYSTEM, new ArrayList<>());
        try {
            MetadataImage image = again.image();
            assertThat(image.clusterId()).isEqualTo(clusterId);
            assertThat(image.broker(1)).isPresent();
            assertThat(image.topic("t").orElseThrow().partitionCount()).isEqualTo(4);
            assertThat(image.topic("t").orElseThrow().configs()).containsEntry("segment.ms", "60000");
            assertThat(image.nextProducerId()).isEqualTo(2000);
        } finally {
            again.close();
            again.quorum().close();
        }
    }

    @Test
    void aBrokerIsUnfencedByItsHeartbeatFencedWhenItStopsAndLeadsAgainWhenItReturns() throws Exception {
        ManualTime time = new ManualTime(1_000_000L);
        QuorumController c = start(time, new ArrayList<>());
        try {
            long epoch = c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null)).join();
            assertThat(c.image().broker(1).orElseThrow().fenced()).isTrue();
            HeartbeatReply reply = c.heartbeat(new BrokerHeartbeat(1, epoch, c.image().offset(), false)).join();
            assertThat(reply.fenced()).isFalse();
            c.createTopics(List.of(new TopicOperations.NewTopic("t", 2, (short) 1, Map.of(), Map.of())), false)
                    .join();
            assertThat(leaders(c)).containsOnly(1);

            time.sleep(CONFIG.brokerSessionTimeoutMs() + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.image().broker(1).orElseThrow().fenced());
            assertThat(leaders(c)).containsOnly(PartitionLeadership.NO_LEADER);
            PartitionImage p = c.image().topic("t").orElseThrow().partition(0);
            assertThat(p.isr()).containsExactly(1);
            assertThat(p.leaderEpoch()).isEqualTo(1);

            reply = c.heartbeat(new BrokerHeartbeat(1, epoch, c.image().offset(), false)).join();
            assertThat(reply.fenced()).isFalse();
            assertThat(leaders(c)).containsOnly(1);
            assertThat(c.image().topic("t").orElseThrow().partition(0).leaderEpoch()).isEqualTo(2);
        } finally {
            c.close();
            c.quorum().close();
        }
    }

    @Test
    void aSecondLiveProcessWithTheSameIdIsRefusedAndAStaleEpochIsRejected() throws Exception {
        ManualTime time = new ManualTime(1_000_000L);
        QuorumController c = start(time, new ArrayList<>());
        try {
            long epoch = c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null)).join();
            c.heartbeat(new BrokerHeartbeat(1, epoch, c.image().offset(), false)).join();
            CompletableFuture<Long> duplicate =
                    c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null));
            assertThatThrownBy(duplicate::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(DuplicateBrokerRegistrationException.class);
            assertThatThrownBy(() -> c.heartbeat(new BrokerHeartbeat(1, epoch + 100, 0, false)).join())
                    .hasCauseInstanceOf(StaleBrokerEpochException.class);

            time.sleep(CONFIG.brokerSessionTimeoutMs() + 1);
            long next = c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null)).join();
            assertThat(next).isGreaterThan(epoch);
        } finally {
            c.close();
            c.quorum().close();
        }
    }

    @Test
    void controlledShutdownFencesTheBrokerAndMovesItsLeadershipsAway() throws Exception {
        QuorumController c = start(new ManualTime(1_000_000L), new ArrayList<>());
        try {
            long e1 = c.registerBroker(new BrokerRegistration(1, Uuid.randomUuid(), ENDPOINTS, null)).join();
            long e2 = c.registerBroker(new BrokerRegistration(2, Uuid.randomUuid(), ENDPOINTS, null)).join();
            c.heartbeat(new BrokerHeartbeat(1, e1, c.image().offset(), false)).join();
            c.heartbeat(new BrokerHeartbeat(2, e2, c.image().offset(), false)).join();
            Uuid id = Uuid.randomUuid();
            List<MetadataRecord> records = new ArrayList<>(List.of(new MetadataRecord.TopicRecord("t", id)));
            for (int p = 0; p < 4; p++) { // two replicas each, written past the controller's replication-factor check
                List<Integer> replicas = p % 2 == 0 ? List.of(1, 2) : List.of(2, 1);
                records.add(new MetadataRecord.PartitionRecord(id, p, replicas, replicas, replicas.get(0), 0, 0));
            }
            c.execute(image -> new ControllerResult<Void>(records, null)).join();
            assertThat(leaders(c)).contains(1, 2);

            HeartbeatReply reply = c.heartbeat(new BrokerHeartbeat(2, e2, c.image().offset(), true)).join();
            assertThat(reply.shouldShutdown()).isTrue();
            assertThat(leaders(c)).containsOnly(1);
            for (PartitionImage p : c.image().topic("t").orElseThrow().partitions().values()) {
                assertThat(p.isr()).containsExactly(1);
            }
        } finally {
            c.close();
            c.quorum().close();
        }
    }

    private static List<Integer> leaders(QuorumController c) {
        return c.image().topic("t").orElseThrow().partitions().values().stream().map(PartitionImage::leader).toList();
    }
}
