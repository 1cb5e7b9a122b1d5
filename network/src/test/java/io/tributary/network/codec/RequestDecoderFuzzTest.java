package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.tributary.network.KafkaWire;
import io.tributary.network.LeakDetection;
import io.tributary.network.NodeIdentity;
import io.tributary.network.PipelineTestContext;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import io.tributary.network.dispatch.RequestDispatcher;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.slf4j.LoggerFactory;

/**
 * Throws random and mutated-valid frames at a connection's whole pipeline (embedded, no sockets).
 * Every complete frame must be answered, be a request that wants no answer, or close the
 * connection; no exception may escape a handler; no buffer may leak.
 */
class RequestDecoderFuzzTest {

    private static final ListAppender<ILoggingEvent> UNEXPECTED = new ListAppender<>();

    private static final List<byte[]> TEMPLATES = List.of(
            KafkaWire.request(ApiKeys.API_VERSIONS, (short) 0, 1, new ApiVersionsRequestData()),
            KafkaWire.request(ApiKeys.API_VERSIONS, (short) 4, 2, new ApiVersionsRequestData()
                    .setClientSoftwareName("fuzz").setClientSoftwareVersion("1.0")),
            KafkaWire.request(ApiKeys.API_VERSIONS, (short) 5, 10, new ApiVersionsRequestData()
                    .setClientSoftwareName("fuzz").setClientSoftwareVersion("1.0").setClusterId("c").setNodeId(1)),
            KafkaWire.request(ApiKeys.METADATA, (short) 12, 3, new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName("t").setTopicId(Uuid.randomUuid())))),
            KafkaWire.request(ApiKeys.METADATA, (short) 4, 4, new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName("topic")))),
            KafkaWire.request(ApiKeys.PRODUCE, (short) 9, 5, produce((short) 1)),
            KafkaWire.request(ApiKeys.PRODUCE, (short) 3, 6, produce((short) 0)),
            KafkaWire.request(ApiKeys.FETCH, (short) 12, 7, new FetchRequestData().setMaxWaitMs(10).setTopics(List.of(
                    new FetchRequestData.FetchTopic().setTopic("t").setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(5)))))),
            KafkaWire.request(ApiKeys.LIST_OFFSETS, (short) 7, 8, new ListOffsetsRequestData().setTopics(List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)))))),
            KafkaWire.request(ApiKeys.DESCRIBE_CLUSTER, (short) 1, 9, new DescribeClusterRequestData()));

    @BeforeContainer
    static void captureUnexpectedErrors() {
        LeakDetection.enable();
        UNEXPECTED.start();
        ((Logger) LoggerFactory.getLogger(RequestDispatcher.class)).addAppender(UNEXPECTED);
    }

    @AfterContainer
    static void checkForLeaks() {
        ((Logger) LoggerFactory.getLogger(RequestDispatcher.class)).detachAppender(UNEXPECTED);
        LeakDetection.assertNoLeaks();
    }

    @Property(tries = 400)
    void randomPayloadsAreAnsweredOrClose(@ForAll("payloads") List<byte[]> payloads) {
        List<byte[]> frames = payloads.stream().map(KafkaWire::framed).toList();
        exercise(frames);
    }

    @Property(tries = 1500)
    void mutatedValidFramesAreAnsweredOrClose(@ForAll("templateIndexes") List<Integer> templates, @ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int index : templates) {
            frames.add(mutate(TEMPLATES.get(index), random));
        }
        exercise(frames);
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> plausibleHeader = Arbitraries.integers().between(0, 80).flatMap(key ->
                Arbitraries.integers().between(-1, 20).flatMap(version ->
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(rest ->
                                ByteBuffer.allocate(4 + rest.length).putShort(key.shortValue())
                                        .putShort(version.shortValue()).put(rest).array())));
        return Arbitraries.oneOf(randomBytes, plausibleHeader).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Integer>> templateIndexes() {
        return Arbitraries.integers().between(0, TEMPLATES.size() - 1).list().ofMinSize(1).ofMaxSize(4);
    }

    private static void exercise(List<byte[]> frames) {
        UNEXPECTED.list.clear();
        AtomicInteger silent = new AtomicInteger();
        try (PipelineTestContext context = new PipelineTestContext(new NodeIdentity("c", 1), handlers(silent))) {
            int answered = 0;
            for (byte[] frame : frames) {
                int silentBefore = silent.get();
                ByteBuf input = KafkaWire.buf(frame);
                context.channel.writeInbound(input);
                context.channel.runPendingTasks();
                assertThat(input.refCnt()).as("input buffer released").isZero();
                if (!context.channel.isActive()) {
                    break;
                }
                int responses = context.responses().size();
                answered += responses;
                assertThat(responses + silent.get() - silentBefore)
                        .as("a complete frame on an open connection is answered exactly once")
                        .isEqualTo(1);
            }
            context.channel.checkException();
            assertThat(answered).isLessThanOrEqualTo(frames.size());
        }
        assertThat(UNEXPECTED.list).as("unexpected errors in the dispatcher")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filteredOn(e -> e.getFormattedMessage().contains("unexpected"))
                .isEmpty();
    }

    /** Handlers that answer every request with its own error response, or nothing for acks=0. */
    private static ApiHandler[] handlers(AtomicInteger silent) {
        List<ApiHandler> handlers = new ArrayList<>();
        for (ApiKeys key : List.of(ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
                ApiKeys.DESCRIBE_CLUSTER)) {
            handlers.add(new ApiHandler() {
                @Override
                public ApiKeys apiKey() {
                    return key;
                }

                @Override
                public short minVersion() {
                    return key.oldestVersion();
                }

                @Override
                public short maxVersion() {
                    return key.latestVersion();
                }

                @Override
                public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
                    AbstractResponse response = request.getErrorResponse(Errors.REQUEST_TIMED_OUT.exception());
                    if (response == null) {
                        silent.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    }
                    return CompletableFuture.completedFuture(response.data());
                }
            });
        }
        return handlers.toArray(ApiHandler[]::new);
    }

    /** Applies 1-4 random byte-level mutations to a frame's payload and fixes up its size prefix. */
    private static byte[] mutate(byte[] frame, Random random) {
        byte[] payload = Arrays.copyOfRange(frame, 4, frame.length);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && payload.length > 0; i++) {
            int at = random.nextInt(payload.length);
            switch (random.nextInt(6)) {
                case 0 -> payload[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> payload[at] = (byte) random.nextInt(256);
                case 2 -> payload = Arrays.copyOf(payload, at);
                case 3 -> {
                    byte[] inserted = new byte[1 + random.nextInt(8)];
                    random.nextBytes(inserted);
                    byte[] longer = new byte[payload.length + inserted.length];
                    System.arraycopy(payload, 0, longer, 0, at);
                    System.arraycopy(inserted, 0, longer, at, inserted.length);
                    System.arraycopy(payload, at, longer, at + inserted.length, payload.length - at);
                    payload = longer;
                }
                case 4 -> payload[at] = (byte) (random.nextBoolean() ? 0xFF : 0x7F);
                default -> {
                    int width = Math.min(4, payload.length - at);
                    byte fill = random.nextBoolean() ? (byte) 0xFF : 0;
                    Arrays.fill(payload, at, at + width, fill);
                }
            }
        }
        return KafkaWire.framed(payload);
    }

    private static ProduceRequestData produce(short acks) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("key".getBytes(), "value".getBytes()));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(100).setTopicData(
                new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData()
                        .setName("t").setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0).setRecords(records)))).iterator()));
    }
}
