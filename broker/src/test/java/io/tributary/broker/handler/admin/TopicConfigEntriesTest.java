package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.TestBrokerConfig;
import io.tributary.broker.TopicConfigResolver;
import io.tributary.broker.handler.admin.TopicConfigEntries.Entry;
import io.tributary.broker.handler.admin.TopicConfigEntries.Synonym;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import io.tributary.storage.LogConfig;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

class TopicConfigEntriesTest {

    private final TestBrokerConfig brokerConfig = new TestBrokerConfig(Map.of("min.insync.replicas", "2"));
    private final TopicConfigResolver resolver = new TopicConfigResolver(LogConfig.defaults(), brokerConfig, 1,
            () -> io.tributary.metadata.MetadataImage.EMPTY);

    private static TopicImage topic(Map<String, String> configs) {
        return new TopicImage("t", Uuid.randomUuid(), new TreeMap<>(), configs);
    }

    private Entry entry(TopicImage topic, String name) {
        return TopicConfigEntries.one(resolver, brokerConfig, topic, name).orElseThrow();
    }

    @Test
    void everyKnownConfigInOrder() {
        assertThat(TopicConfigEntries.all(resolver, brokerConfig, topic(Map.of())))
                .extracting(Entry::name).containsExactlyElementsOf(TopicConfigDef.keys().keySet());
        assertThat(TopicConfigEntries.one(resolver, brokerConfig, topic(Map.of()), "nope")).isEmpty();
    }

    @Test
    void defaultValueWithItsBrokerSynonym() {
        Entry e = entry(topic(Map.of()), "segment.ms");

        assertThat(e.value()).isEqualTo("604800000");
        assertThat(e.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(e.synonyms()).containsExactly(new Synonym("log.roll.ms", "604800000", ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void explicitBrokerValue() {
        Entry e = entry(topic(Map.of()), "min.insync.replicas");

        assertThat(e.value()).isEqualTo("2");
        assertThat(e.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(e.synonyms()).containsExactly(
                new Synonym("min.insync.replicas", "2", ConfigSource.STATIC_BROKER_CONFIG),
                new Synonym("min.insync.replicas", "1", ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void topicOverrideComesFirst() {
        Entry e = entry(topic(Map.of("min.insync.replicas", "3")), "min.insync.replicas");

        assertThat(e.value()).isEqualTo("3");
        assertThat(e.source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
        assertThat(e.synonyms()).extracting(Synonym::source).containsExactly(
                ConfigSource.TOPIC_CONFIG, ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void configWithoutBrokerSynonym() {
        Entry plain = entry(topic(Map.of()), "leader.replication.throttled.replicas");
        Entry set = entry(topic(Map.of("leader.replication.throttled.replicas", "0:1")),
                "leader.replication.throttled.replicas");

        assertThat(plain.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(plain.synonyms()).isEmpty();
        assertThat(set.synonyms()).containsExactly(
                new Synonym("leader.replication.throttled.replicas", "0:1", ConfigSource.TOPIC_CONFIG));
    }

    @Test
    void sourceIsAlwaysTheFirstSynonym() {
        TopicImage t = topic(Map.of("retention.ms", "5", "min.insync.replicas", "1"));
        assertThat(TopicConfigEntries.all(resolver, brokerConfig, t))
                .filteredOn(e -> !e.synonyms().isEmpty())
                .allSatisfy(e -> assertThat(e.synonyms().get(0).source()).isEqualTo(e.source()));
    }
}
