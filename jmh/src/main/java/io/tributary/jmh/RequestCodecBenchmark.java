package io.tributary.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.tributary.codec.FileRegionRecords;
import io.tributary.jmh.codec.Batches;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestContext;
import io.tributary.network.codec.FrameDecoder;
import io.tributary.network.codec.InboundRequest;
import io.tributary.network.codec.OutboundResponse;
import io.tributary.network.codec.RequestDecoder;
import io.tributary.network.codec.ResponseEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request path's codec on one connection's pipeline, without sockets: a request frame from a
 * pooled direct buffer (as Netty reads it) through {@link FrameDecoder} and {@link RequestDecoder}
 * to a parsed {@link InboundRequest} (header, handler lookup, body; a produce request's batches
 * stay slices of the frame), and a response through {@link ResponseEncoder} into the parts written
 * to the socket (a fetch response's records are a file region, never copied). The requests are
 * what the Java client sends: a produce of one batch of {@code records} x {@code recordSize} B
 * (v11) and a consumer fetch of one partition (v17).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestCodecBenchmark {

    private static final short PRODUCE_VERSION = 11;
    private static final short FETCH_VERSION = 17;

    @Param({"100"})
    int records;

    @Param({"100", "1024"})
    int recordSize;

    private EmbeddedChannel channel;
    private ByteBuf produceFrame;
    private ByteBuf fetchFrame;
    private Path dir;
    private FileChannel segment;
    private OutboundResponse fetchResponse;
    private OutboundResponse produceResponse;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        HandlerRegistry registry = new HandlerRegistry()
                .register(new Unused(ApiKeys.PRODUCE))
                .register(new Unused(ApiKeys.FETCH))
                .freeze();
        channel = new EmbeddedChannel(new FrameDecoder(FrameDecoder.DEFAULT_MAX_FRAME_BYTES, Time.SYSTEM),
                new RequestDecoder(registry, "PLAINTEXT", SecurityProtocol.PLAINTEXT));

        ByteBuffer batch = Batches.batch(records, recordSize, Time.SYSTEM.milliseconds());
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        produce.topicData().add(new ProduceRequestData.TopicProduceData().setName("bench")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(Batches.records(batch.duplicate())))));
        produceFrame = direct(frame(ApiKeys.PRODUCE, PRODUCE_VERSION, produce));

        Uuid topicId = Uuid.randomUuid();
        FetchRequestData fetch = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(500).setMinBytes(1)
                .setMaxBytes(52_428_800).setSessionId(0).setSessionEpoch(0);
        fetch.topics().add(new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(1000)
                        .setPartitionMaxBytes(1_048_576).setCurrentLeaderEpoch(0))));
        fetchFrame = direct(frame(ApiKeys.FETCH, FETCH_VERSION, fetch));

        dir = Files.createDirectories(Dirs.newLogDir("request-codec"));
        segment = FileChannel.open(dir.resolve("00000000000000000000.log"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        int copies = Math.max(1, 1_048_576 / batch.remaining());
        for (int i = 0; i < copies; i++) {
            segment.write(batch.duplicate());
        }
        FetchResponseData fetched = new FetchResponseData().setSessionId(7);
        fetched.responses().add(new FetchResponseData.FetchableTopicResponse().setTopicId(topicId).setPartitions(
                List.of(new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(1_000_000)
                        .setLastStableOffset(1_000_000).setLogStartOffset(0)
                        .setRecords(new FileRegionRecords(segment, 0, (int) segment.size())))));
        fetchResponse = new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, fetched);
        ProduceResponseData produced = new ProduceResponseData();
        produced.responses().add(new ProduceResponseData.TopicProduceResponse().setName("bench").setPartitionResponses(
                List.of(new ProduceResponseData.PartitionProduceResponse().setIndex(0).setBaseOffset(123_456)
                        .setLogAppendTimeMs(-1).setLogStartOffset(0))));
        produceResponse = new OutboundResponse(2, ApiKeys.PRODUCE, PRODUCE_VERSION, produced);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.finishAndReleaseAll();
        produceFrame.release();
        fetchFrame.release();
        segment.close();
        Dirs.deleteTree(dir.getParent());
    }

    /** Frame, header and body of a produce request; its batch stays in the network buffer. */
    @Benchmark
    public AbstractRequest decodeProduce() {
        return decode(produceFrame);
    }

    @Benchmark
    public AbstractRequest decodeFetch() {
        return decode(fetchFrame);
    }

    /** A fetch response with 1 MiB of records: size, header and fields serialized, records as a file region. */
    @Benchmark
    public int encodeFetchResponse() {
        return encode(fetchResponse);
    }

    @Benchmark
    public int encodeProduceResponse() {
        return encode(produceResponse);
    }

    private AbstractRequest decode(ByteBuf frame) {
        channel.writeInbound(frame.retainedDuplicate());
        InboundRequest request = channel.readInbound();
        AbstractRequest parsed = request.request();
        request.release();
        return parsed;
    }

    private static int encode(OutboundResponse response) {
        List<Object> parts = ResponseEncoder.encode(response, PooledByteBufAllocator.DEFAULT);
        int n = parts.size();
        parts.forEach(ReferenceCountUtil::release);
        return n;
    }

    private static byte[] frame(ApiKeys key, short version, ApiMessage body) {
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(1).setClientId("producer-1");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buffer);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        return buffer.array();
    }

    private static ByteBuf direct(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Registers an API key for the decoder's lookup; the benchmark never dispatches. */
    private record Unused(ApiKeys apiKey) implements ApiHandler {
        @Override
        public short minVersion() {
            return apiKey.oldestVersion();
        }

        @Override
        public short maxVersion() {
            return apiKey.latestVersion();
        }

        @Override
        public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
