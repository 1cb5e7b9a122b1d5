package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.log.LocalMetadataLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumControllerTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(1, 1, (short) 1, true);

    @TempDir
    Path dir;

    @Test
    void committedMetadataSurvivesARestartAndPublishersSeeEveryImage() throws Exception {
        String clusterId;
        List<MetadataImage> published = new ArrayList<>();
        try (QuorumController c = QuorumController.start(LocalMetadataLog.open(dir, Time.SYSTEM), CONFIG)) {
            clusterId = c.image().clusterId();
            assertThat(clusterId).isNotEmpty();
            c.addPublisher((prev, next) -> published.add(next)).join();
            c.run(img -> ClusterOperations.registerBroker(img, 1,
                    List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT")), null)).join();
            c.run(img -> TopicOperations.createTopics(img, CONFIG,
                    List.of(new TopicOperations.NewTopic("t", 4, (short) 1, Map.of(), Map.of("segment.ms", "60000"))),
                    false)).join();
            long first = c.run(img -> ClusterOperations.allocateProducerIds(img, 1, 1000)).join();
            long second = c.run(img -> ClusterOperations.allocateProducerIds(img, 1, 1000)).join();
            assertThat(second).isEqualTo(first + 1000);
        }
        assertThat(published).hasSize(5);
        assertThat(published.get(published.size() - 1).topic("t")).isPresent();
        try (QuorumController c = QuorumController.start(LocalMetadataLog.open(dir, Time.SYSTEM), CONFIG)) {
            MetadataImage image = c.image();
            assertThat(image.clusterId()).isEqualTo(clusterId);
            assertThat(image.broker(1)).isPresent();
            assertThat(image.topic("t").orElseThrow().partitionCount()).isEqualTo(4);
            assertThat(image.topic("t").orElseThrow().configs()).containsEntry("segment.ms", "60000");
            assertThat(image.nextProducerId()).isEqualTo(2000);
        }
    }
}
