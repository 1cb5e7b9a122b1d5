package io.tributary.it.config;

import static io.tributary.it.config.ConfigTestSupport.admin;
import static io.tributary.it.config.ConfigTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs and the log start offset survive a restart of the node on the same data directory. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void configsAndLogStartOffsetSurviveARestart() throws Exception {
        TopicPartition tp = new TopicPartition("kept", 0);
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "kept");
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        try (Tributary node = Tributary.embedded().dataDir(data).config("num.partitions", "1").start();
                Admin admin = admin(node)) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            admin.incrementalAlterConfigs(Map.of(
                    topic, (Collection<AlterConfigOp>) List.of(set("retention.ms", "3600000"),
                            set("cleanup.policy", "compact,delete")),
                    cluster, List.of(set("log.retention.bytes", "123456789")))).all().get();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer(node))) {
                for (int i = 0; i < 100; i++) {
                    p.send(new ProducerRecord<>("kept", "k" + i, "v" + i));
                }
                p.flush();
            }
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(60))).all().get();
        }
        assertThat(Files.readAllLines(data.resolve("log-start-offset-checkpoint"))).contains("kept 0 60");
        try (Tributary node = Tributary.embedded().dataDir(data).config("num.partitions", "1").start();
                Admin admin = admin(node)) {
            Config c = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(c.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(c.get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(c.get("retention.bytes").value()).isEqualTo("123456789");
            assertThat(c.get("retention.bytes").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            var live = node.broker().context().replicaManager().partition(tp).log().config();
            assertThat(live.retentionMs()).isEqualTo(3_600_000L);
            assertThat(live.retentionBytes()).isEqualTo(123_456_789L);
            assertThat(live.compact()).isTrue();
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset()).isEqualTo(60);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset()).isEqualTo(100);
        }
    }

    private static AlterConfigOp set(String k, String v) {
        return new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET);
    }
}
