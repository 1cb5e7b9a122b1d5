package io.tributary.broker.handler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.Broker;
import io.tributary.broker.BrokerTestContext;
import io.tributary.broker.TestBrokerConfig;
import io.tributary.broker.replica.Partition;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.network.api.ApiHandler;
import io.tributary.storage.LogConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DescribeLogDirs on a whole broker with two log directories. */
class DescribeLogDirsHandlerTest {

    @TempDir
    Path first;
    @TempDir
    Path second;

    private Broker broker;
    private BrokerTestContext calls;
    private ApiHandler handler;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerTestContext.settings(), TestBrokerConfig.defaults(), LogConfig.defaults(),
                List.of(first, second), Time.SYSTEM);
        broker.register(List.of(BrokerTestContext.ENDPOINT));
        broker.context().controller().createTopics(List.of(
                new NewTopic("orders", 4, (short) 1, Map.of(), Map.of()),
                new NewTopic("audit", 1, (short) 1, Map.of(), Map.of())), false).get(30, TimeUnit.SECONDS);
        handler = broker.handlers().stream().filter(h -> h.apiKey() == ApiKeys.DESCRIBE_LOG_DIRS).findFirst()
                .orElseThrow();
        calls = BrokerTestContext.metadataOnly(TestBrokerConfig.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        if (calls != null) {
            calls.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private DescribeLogDirsResponseData describe(int version, DescribableLogDirTopicCollection topics) {
        return calls.call(handler, new DescribeLogDirsRequest.Builder(new DescribeLogDirsRequestData()
                .setTopics(topics)).build((short) version));
    }

    @Test
    void servesVersionsOneToFive() {
        assertThat(handler.minVersion()).isEqualTo((short) 1);
        assertThat(handler.maxVersion()).isEqualTo((short) 5);
    }

    @Test
    void listsEveryDirectoryWithItsPartitionsAndTheirSizes() {
        DescribeLogDirsResponseData r = describe(4, null);

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.results()).extracting(DescribeLogDirsResult::logDir)
                .containsExactly(first.toAbsolutePath().toString(), second.toAbsolutePath().toString());
        int partitions = 0;
        for (DescribeLogDirsResult dir : r.results()) {
            assertThat(dir.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(dir.totalBytes()).isPositive();
            assertThat(dir.usableBytes()).isBetween(0L, dir.totalBytes());
            for (DescribeLogDirsTopic t : dir.topics()) {
                for (DescribeLogDirsPartition p : t.partitions()) {
                    Partition hosted = broker.context().replicaManager().partition(new TopicPartition(t.name(),
                            p.partitionIndex()));
                    assertThat(hosted.logDirectory().getParent().toAbsolutePath().toString())
                            .isEqualTo(dir.logDir());
                    assertThat(p.partitionSize()).isEqualTo(hosted.logSize());
                    assertThat(p.offsetLag()).isZero();
                    assertThat(p.isFutureKey()).isFalse();
                    partitions++;
                }
            }
        }
        assertThat(partitions).isEqualTo(5);
        assertThat(r.results()).allSatisfy(d -> assertThat(d.topics()).isNotEmpty());
    }

    @Test
    void onlyTheNamedPartitionsWhenTopicsAreGiven() {
        DescribableLogDirTopicCollection topics = new DescribableLogDirTopicCollection();
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 3, 9)));
        topics.add(new DescribableLogDirTopic().setTopic("missing").setPartitions(List.of(0)));

        DescribeLogDirsResponseData r = describe(2, topics);

        assertThat(r.results()).hasSize(2);
        assertThat(r.results().stream().flatMap(d -> d.topics().stream()))
                .allSatisfy(t -> assertThat(t.name()).isEqualTo("orders"))
                .flatExtracting(DescribeLogDirsTopic::partitions).extracting(DescribeLogDirsPartition::partitionIndex)
                .containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void totalAndUsableBytesOnlyFromVersionFour() {
        DescribeLogDirsResponseData r = describe(3, new DescribableLogDirTopicCollection());

        assertThat(r.results()).hasSize(2).allSatisfy(d -> {
            assertThat(d.totalBytes()).isEqualTo(-1);
            assertThat(d.usableBytes()).isEqualTo(-1);
            assertThat(d.topics()).isEmpty();
        });
    }
}
