package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.tributary.codec.FileRegionRecords;
import io.tributary.network.Endpoint;
import io.tributary.network.MockHandler;
import io.tributary.network.NetworkConfig;
import io.tributary.network.NetworkServerTestContext;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetch responses carrying segment file regions go through a real socket on both transports. */
class ZeroCopyFetchTest {

    private static final short FETCH_VERSION = 12;
    private static final int BATCHES = 40;

    @TempDir
    Path dir;

    private FileChannel segment;
    private final List<Integer> batchSizes = new ArrayList<>();
    private NetworkServerTestContext context;

    @BeforeEach
    void writeSegment() throws IOException {
        segment = FileChannel.open(dir.resolve("00000000000000000000.log"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        for (int i = 0; i < BATCHES; i++) {
            MemoryRecords batch = MemoryRecords.withRecords(i, Compression.NONE,
                    new SimpleRecord(("value-" + i + "-" + "x".repeat(4000)).getBytes()));
            batchSizes.add(batch.sizeInBytes());
            segment.write(batch.buffer());
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        if (context != null) {
            context.close();
        }
        segment.close();
    }

    @ParameterizedTest(name = "native transport preferred: {0}")
    @ValueSource(booleans = {true, false})
    void fileRegionsReachTheClientIntact(boolean preferNative) throws IOException {
        MockHandler fetch = MockHandler.answering(ApiKeys.FETCH, (ctx, request) -> response());
        context = new NetworkServerTestContext(NetworkConfig.builder()
                .endpoint(Endpoint.plaintext("127.0.0.1", 0)).preferNativeTransport(preferNative), fetch);
        assertThat(context.server.nativeTransport()).isEqualTo(preferNative && Epoll.isAvailable());
        Socket socket = context.connect();

        for (int correlationId = 0; correlationId < 3; correlationId++) {
            NetworkServerTestContext.send(socket, ApiKeys.FETCH, FETCH_VERSION, correlationId, new FetchRequestData());
        }

        for (int correlationId = 0; correlationId < 3; correlationId++) {
            ByteBuffer frame = NetworkServerTestContext.receive(socket);
            assertThat(io.tributary.network.KafkaWire.correlationId(frame)).isEqualTo(correlationId);
            FetchResponse parsed = io.tributary.network.KafkaWire.response(frame, ApiKeys.FETCH, FETCH_VERSION);
            List<FetchResponseData.PartitionData> partitions = parsed.data().responses().get(0).partitions();
            assertThat(values(partitions.get(0))).hasSize(BATCHES / 2).first().asString().startsWith("value-0-");
            assertThat(values(partitions.get(1))).hasSize(BATCHES / 2).last().asString().startsWith("value-39-");
        }
        assertThat(segment.isOpen()).isTrue();
    }

    /** Two partitions, each a file region covering half of the segment. */
    private FetchResponseData response() {
        int half = batchSizes.subList(0, BATCHES / 2).stream().mapToInt(Integer::intValue).sum();
        int rest = batchSizes.stream().mapToInt(Integer::intValue).sum() - half;
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                .setTopic("t")
                .setPartitions(List.of(
                        new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(BATCHES)
                                .setRecords(new FileRegionRecords(segment, 0, half)),
                        new FetchResponseData.PartitionData().setPartitionIndex(1).setHighWatermark(BATCHES)
                                .setRecords(new FileRegionRecords(segment, half, rest))));
        return new FetchResponseData().setResponses(List.of(topic));
    }

    private static List<String> values(FetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        for (Record record : ((MemoryRecords) partition.records()).records()) {
            values.add(new String(Utils.toArray(record.value())));
        }
        return values;
    }
}
