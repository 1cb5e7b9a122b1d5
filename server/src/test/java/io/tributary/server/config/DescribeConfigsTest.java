package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.storage.LogConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DescribeConfigsTest {

    private static Map<String, BrokerConfigEntry> byName(List<BrokerConfigEntry> entries) {
        return entries.stream().collect(Collectors.toMap(BrokerConfigEntry::name, Function.identity()));
    }

    @Test
    void describesEveryKnownKey() {
        ServerConfig c = ServerConfig.of(Map.of("num.partitions", "6", "some.unknown", "x"));
        Map<String, BrokerConfigEntry> entries = byName(c.describe());
        assertThat(entries.keySet()).isEqualTo(ServerConfig.configKeys().keySet());
        assertThat(entries.get("num.partitions"))
                .isEqualTo(new BrokerConfigEntry("num.partitions", "6", false, false, true));
        assertThat(entries.get("num.io.threads"))
                .isEqualTo(new BrokerConfigEntry("num.io.threads", "8", true, false, true));
        assertThat(entries.get("log.retention.ms").value()).isNull();
        assertThat(entries.get("listeners").value()).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(entries.get("log.cleanup.policy").value()).isEqualTo("delete");
        assertThat(entries.get("log.flush.interval.messages").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(entries).doesNotContainKey("some.unknown");
    }

    @Test
    void brokerIdShowsTheNodeId() {
        Map<String, BrokerConfigEntry> entries = byName(ServerConfig.of(Map.of("node.id", "5")).describe());
        assertThat(entries.get("broker.id").value()).isEqualTo("5");
        assertThat(entries.get("broker.id").isDefault()).isTrue();
        assertThat(entries.get("node.id").isDefault()).isFalse();
    }

    @Test
    void topicSynonymsPointAtDefinedBrokerKeys() {
        Map<String, String> synonyms = ServerConfig.topicConfigSynonyms();
        assertThat(synonyms)
                .containsEntry("segment.bytes", "log.segment.bytes")
                .containsEntry("segment.ms", "log.roll.ms")
                .containsEntry("segment.index.bytes", "log.index.size.max.bytes")
                .containsEntry("max.message.bytes", "message.max.bytes")
                .containsEntry("retention.ms", "log.retention.ms")
                .containsEntry("file.delete.delay.ms", "log.segment.delete.delay.ms")
                .containsEntry("cleanup.policy", "log.cleanup.policy");
        assertThat(synonyms.keySet()).containsAll(LogConfig.names());
        synonyms.keySet().forEach(topicKey ->
                assertThat(ServerConfig.configKeys().keySet()).containsAll(ServerConfig.brokerSynonyms(topicKey)));
        assertThat(ServerConfig.brokerSynonyms("retention.ms"))
                .containsExactly("log.retention.ms", "log.retention.minutes", "log.retention.hours");
    }

    @Test
    void topicDefaultsResolveFallbacks() {
        Map<String, String> d = ServerConfig.of(
                Map.of("log.retention.hours", "2", "log.cleanup.policy", "compact,delete")).topicDefaults();
        assertThat(d).containsEntry("retention.ms", "7200000")
                .containsEntry("segment.ms", Long.toString(168L * 3_600_000))
                .containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("compression.type", "producer");
    }
}
