package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.PartitionImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DescribeTopicPartitions over a hand-made image: brokers 1-3 on PLAINTEXT, topics alpha (3
 * partitions, 3 replicas), beta (5 partitions, 2 replicas) and gamma (1 partition).
 */
class DescribeTopicPartitionsHandlerTest {

    private static final String LISTENER = "PLAINTEXT";
    private MetadataImage image;

    @BeforeEach
    void build() {
        image = image(false);
    }

    private static MetadataImage image(boolean fenceTwo) {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        long offset = 0;
        for (int id = 1; id <= 3; id++) {
            delta.apply(offset++, new MetadataRecord.BrokerRecord(id,
                    List.of(new BrokerEndpoint(LISTENER, "h" + id, 9091 + id, "PLAINTEXT")), null,
                    fenceTwo && id == 2));
        }
        int[][] shapes = {{3, 3}, {5, 2}, {1, 1}};
        String[] names = {"alpha", "beta", "gamma"};
        for (int t = 0; t < names.length; t++) {
            Uuid id = Uuid.randomUuid();
            delta.apply(offset++, new MetadataRecord.TopicRecord(names[t], id));
            for (int p = 0; p < shapes[t][0]; p++) {
                List<Integer> replicas = new ArrayList<>();
                for (int r = 0; r < shapes[t][1]; r++) {
                    replicas.add((p + r) % 3 + 1);
                }
                delta.apply(offset++, new MetadataRecord.PartitionRecord(id, p, replicas, replicas, replicas.get(0),
                        4, 0));
            }
        }
        return delta.build();
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsRequestData data) {
        return DescribeTopicPartitionsHandler.describe(image, LISTENER, data);
    }

    private static DescribeTopicPartitionsRequestData request(int limit, String... topics) {
        DescribeTopicPartitionsRequestData data = new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(limit);
        for (String t : topics) {
            data.topics().add(new TopicRequest().setName(t));
        }
        return data;
    }

    private static List<String> partitions(DescribeTopicPartitionsResponseData r) {
        List<String> out = new ArrayList<>();
        for (DescribeTopicPartitionsResponseTopic t : r.topics()) {
            for (DescribeTopicPartitionsResponsePartition p : t.partitions()) {
                out.add(t.name() + "-" + p.partitionIndex());
            }
        }
        return out;
    }

    @Test
    void everyTopicInNameOrderWithItsPartitions() {
        DescribeTopicPartitionsResponseData r = describe(request(2000));

        assertThat(r.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "beta", "gamma");
        assertThat(r.nextCursor()).isNull();
        DescribeTopicPartitionsResponseTopic alpha = r.topics().find("alpha");
        assertThat(alpha.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(alpha.topicId()).isEqualTo(image.topic("alpha").orElseThrow().id());
        assertThat(alpha.topicAuthorizedOperations()).isPositive();
        for (DescribeTopicPartitionsResponsePartition p : alpha.partitions()) {
            PartitionImage state = image.topic("alpha").orElseThrow().partition(p.partitionIndex());
            assertThat(p.leaderId()).isEqualTo(state.leader()).isEqualTo(p.partitionIndex() + 1);
            assertThat(p.leaderEpoch()).isEqualTo(4);
            assertThat(p.replicaNodes()).containsExactlyElementsOf(state.replicas()).hasSize(3);
            assertThat(p.isrNodes()).containsExactlyElementsOf(state.isr());
            assertThat(p.eligibleLeaderReplicas()).isEmpty();
            assertThat(p.lastKnownElr()).isEmpty();
            assertThat(p.offlineReplicas()).isEmpty();
        }
        assertThat(partitions(r)).hasSize(9);
    }

    @Test
    void pagesByTheResponsePartitionLimitAndTheCursor() {
        DescribeTopicPartitionsResponseData first = describe(request(4));
        assertThat(partitions(first)).containsExactly("alpha-0", "alpha-1", "alpha-2", "beta-0");
        assertThat(first.nextCursor().topicName()).isEqualTo("beta");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(1);

        DescribeTopicPartitionsRequestData next = request(4).setCursor(new DescribeTopicPartitionsRequestData.Cursor()
                .setTopicName("beta").setPartitionIndex(1));
        DescribeTopicPartitionsResponseData second = describe(next);
        assertThat(partitions(second)).containsExactly("beta-1", "beta-2", "beta-3", "beta-4");
        assertThat(second.nextCursor().topicName()).isEqualTo("gamma");
        assertThat(second.nextCursor().partitionIndex()).isZero();

        DescribeTopicPartitionsResponseData third = describe(request(4).setCursor(
                new DescribeTopicPartitionsRequestData.Cursor().setTopicName("gamma").setPartitionIndex(0)));
        assertThat(partitions(third)).containsExactly("gamma-0");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void unknownAndInvalidNamedTopicsHaveTheirErrorsAndTakeNoRoom() {
        DescribeTopicPartitionsResponseData r = describe(request(4, "gamma", "missing", "bad/name", "alpha"));

        assertThat(r.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "bad/name", "gamma");
        assertThat(r.topics().find("bad/name").errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(r.topics().find("bad/name").topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(partitions(r)).containsExactly("alpha-0", "alpha-1", "alpha-2", "gamma-0");
        assertThat(r.nextCursor().topicName()).isEqualTo("missing");

        DescribeTopicPartitionsResponseData rest = describe(request(4, "gamma", "missing", "alpha").setCursor(
                new DescribeTopicPartitionsRequestData.Cursor().setTopicName("missing").setPartitionIndex(0)));
        assertThat(rest.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("missing");
            assertThat(t.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        });
        assertThat(rest.nextCursor()).isNull();
    }

    @Test
    void aCursorTopicMissingFromTheNamedTopicsIsAnInvalidRequest() {
        DescribeTopicPartitionsRequestData data = request(10, "alpha").setCursor(
                new DescribeTopicPartitionsRequestData.Cursor().setTopicName("beta").setPartitionIndex(0));
        assertThatThrownBy(() -> describe(data)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void replicasOnFencedBrokersAreOfflineAndAnOfflineLeaderIsNone() {
        image = image(true);

        DescribeTopicPartitionsResponseData r = describe(request(2000, "alpha"));

        assertThat(r.topics().find("alpha").partitions()).hasSize(3).allSatisfy(p -> {
            assertThat(p.offlineReplicas()).containsExactly(2);
            assertThat(p.leaderId()).isEqualTo(p.partitionIndex() == 1 ? -1 : p.partitionIndex() + 1);
        });

        DescribeTopicPartitionsResponseData other = DescribeTopicPartitionsHandler.describe(image, "INTERNAL",
                request(2000, "gamma"));
        assertThat(other.topics().find("gamma").partitions().get(0).offlineReplicas()).containsExactly(1);
    }
}
