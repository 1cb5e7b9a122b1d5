package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.tributary.codec.FileRegionRecords;
import io.tributary.network.KafkaWire;
import io.tributary.network.LeakDetection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseEncoderTest {

    private static final short FETCH_VERSION = 12;

    @TempDir
    Path dir;

    private FileChannel segment;
    private MemoryRecords batchA;
    private MemoryRecords batchB;

    @BeforeEach
    void writeSegment() throws IOException {
        LeakDetection.enable();
        batchA = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k1".getBytes(), "v1".getBytes()));
        batchB = MemoryRecords.withRecords(5L, Compression.NONE, new SimpleRecord("k2".getBytes(), "v2".getBytes()));
        segment = FileChannel.open(dir.resolve("00000000000000000000.log"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.write(ByteBuffer.wrap(new byte[] {9, 9, 9}));
        segment.write(batchA.buffer());
        segment.write(batchB.buffer());
    }

    @AfterEach
    void closeSegment() throws IOException {
        segment.close();
        LeakDetection.assertNoLeaks();
    }

    @Test
    void encodesAMessageWithoutRecordsAsOneBuffer() {
        ApiVersionsResponseData body = new ApiVersionsResponseData().setThrottleTimeMs(5);
        List<Object> parts = ResponseEncoder.encode(new OutboundResponse(42, ApiKeys.API_VERSIONS, (short) 3, body),
                UnpooledByteBufAllocator.DEFAULT);

        assertThat(parts).singleElement().isInstanceOf(ByteBuf.class);
        ApiVersionsResponse parsed = KafkaWire.response(KafkaWire.frames(drain(parts)).get(0), ApiKeys.API_VERSIONS,
                (short) 3);
        assertThat(parsed.data().throttleTimeMs()).isEqualTo(5);
    }

    @Test
    void fileRecordsBecomeZeroCopyRegionsBetweenBuffers() throws IOException {
        int sizeA = batchA.sizeInBytes();
        FetchResponseData body = fetchResponse(
                new FileRegionRecords(segment, 3, sizeA),
                new FileRegionRecords(segment, 3 + sizeA, batchB.sizeInBytes()));

        List<Object> parts = ResponseEncoder.encode(new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, body),
                UnpooledByteBufAllocator.DEFAULT);

        assertThat(parts).hasSize(5);
        assertThat(parts.get(1)).isInstanceOf(SharedFileRegion.class);
        assertThat(parts.get(3)).isInstanceOf(SharedFileRegion.class);
        FetchResponse parsed = KafkaWire.response(KafkaWire.frames(drain(parts)).get(0), ApiKeys.FETCH, FETCH_VERSION);
        assertThat(values(parsed, 0)).containsExactly("v1");
        assertThat(values(parsed, 1)).containsExactly("v2");
        assertThat(segment.isOpen()).as("the segment keeps its channel").isTrue();
    }

    @Test
    void memoryRecordsAreWrittenWithoutCopyingIntoTheHeaderBuffer() throws IOException {
        FetchResponseData body = fetchResponse(batchA, MemoryRecords.EMPTY);

        List<Object> parts = ResponseEncoder.encode(new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, body),
                UnpooledByteBufAllocator.DEFAULT);

        assertThat(parts).hasSize(3);
        FetchResponse parsed = KafkaWire.response(KafkaWire.frames(drain(parts)).get(0), ApiKeys.FETCH, FETCH_VERSION);
        assertThat(values(parsed, 0)).containsExactly("v1");
        assertThat(values(parsed, 1)).isEmpty();
    }

    /**
     * A region copied from its source (a direct-I/O segment) whose read fails with an Error, e.g.
     * out of direct memory, leaves no buffer of the response allocated: not the header buffer, not
     * the parts already copied, not the part being filled.
     */
    @Test
    void anErrorWhileCopyingARegionReleasesEveryBufferOfTheResponse() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        byte[] file = new byte[3 * NettyWritable.COPY_PART_BYTES];
        FileRegionRecords copied = new FileRegionRecords(null, 0, file.length, 0L, 1L)
                .withSource((position, dst) -> dst.put(file, (int) position, dst.remaining()));
        FileRegionRecords failing = new FileRegionRecords(null, 0, file.length, 5L, 6L)
                .withSource((position, dst) -> {
                    throw new OutOfMemoryError("Direct buffer memory");
                });
        FetchResponseData body = fetchResponse(copied, failing);

        assertThatThrownBy(() -> ResponseEncoder.encode(new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, body),
                alloc)).isInstanceOf(OutOfMemoryError.class);
        assertThat(alloc.metric().usedDirectMemory()).isZero();
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    @Test
    void anEmptyFileRegionWritesNoRegion() throws IOException {
        FetchResponseData body = fetchResponse(FileRegionRecords.empty(), FileRegionRecords.empty());

        List<Object> parts = ResponseEncoder.encode(new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, body),
                UnpooledByteBufAllocator.DEFAULT);

        assertThat(parts).singleElement().isInstanceOf(ByteBuf.class);
        FetchResponse parsed = KafkaWire.response(KafkaWire.frames(drain(parts)).get(0), ApiKeys.FETCH, FETCH_VERSION);
        assertThat(values(parsed, 0)).isEmpty();
    }

    @Test
    void theEncoderWritesAllPartsThroughThePipeline() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(ResponseEncoder.INSTANCE);
        FetchResponseData body = fetchResponse(new FileRegionRecords(segment, 3, batchA.sizeInBytes()),
                MemoryRecords.EMPTY);

        assertThat(channel.writeOutbound(new OutboundResponse(8, ApiKeys.FETCH, FETCH_VERSION, body))).isTrue();

        List<java.nio.ByteBuffer> frames = KafkaWire.frames(KafkaWire.drainOutbound(channel));
        assertThat(frames).hasSize(1);
        assertThat(KafkaWire.correlationId(frames.get(0))).isEqualTo(8);
        assertThat(channel.finish()).isFalse();
        assertThat(segment.isOpen()).isTrue();
    }

    @Test
    void aMessageThatCannotBeSerializedReleasesEverythingAndFails() {
        // endpointType exists from v1 on; a non-default value cannot be written at v0
        DescribeClusterResponseData body = new DescribeClusterResponseData().setEndpointType((byte) 2);

        assertThatThrownBy(() -> ResponseEncoder.encode(
                new OutboundResponse(1, ApiKeys.DESCRIBE_CLUSTER, (short) 0, body),
                UnpooledByteBufAllocator.DEFAULT)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unknownRecordTypesAreRefused() {
        BaseRecords odd = new BaseRecords() {
            @Override
            public int sizeInBytes() {
                return 1;
            }

            @Override
            public org.apache.kafka.common.record.internal.RecordsSend<? extends BaseRecords> toSend() {
                throw new UnsupportedOperationException();
            }
        };
        FetchResponseData body = fetchResponse(batchA, odd);

        assertThatThrownBy(() -> ResponseEncoder.encode(new OutboundResponse(1, ApiKeys.FETCH, FETCH_VERSION, body),
                UnpooledByteBufAllocator.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FetchResponseData fetchResponse(BaseRecords first, BaseRecords second) {
        FetchableTopicResponse topic = new FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                new PartitionData().setPartitionIndex(0).setHighWatermark(1).setRecords(first),
                new PartitionData().setPartitionIndex(1).setHighWatermark(6).setRecords(second)));
        return new FetchResponseData().setResponses(List.of(topic));
    }

    private static List<String> values(FetchResponse response, int partition) {
        BaseRecords records = response.data().responses().get(0).partitions().get(partition).records();
        List<String> values = new java.util.ArrayList<>();
        for (Record record : ((MemoryRecords) records).records()) {
            values.add(new String(org.apache.kafka.common.utils.Utils.toArray(record.value())));
        }
        return values;
    }

    private static byte[] drain(List<Object> parts) {
        EmbeddedChannel channel = new EmbeddedChannel();
        for (Object part : parts) {
            channel.outboundMessages().add(part);
        }
        byte[] bytes = KafkaWire.drainOutbound(channel);
        parts.forEach(part -> assertThat(ReferenceCountUtil.refCnt(part)).isZero());
        channel.finishAndReleaseAll();
        return bytes;
    }
}
