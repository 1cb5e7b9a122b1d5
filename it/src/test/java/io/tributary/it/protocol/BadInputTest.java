package io.tributary.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed input over real sockets against a real node: each bad connection is answered or
 * closed within a bounded time, and a healthy client on another connection keeps working.
 */
class BadInputTest {

    private static Tributary node;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("socket.request.max.bytes", "1048576").start();
        address = new InetSocketAddress("127.0.0.1", node.port("PLAINTEXT"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static byte[] frame(ApiKeys key, short version, Message body, int correlationId) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setClientId("bad-input-test").setCorrelationId(correlationId);
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        header.write(new ByteBufferAccessor(buf), cache, headerVersion);
        body.write(new ByteBufferAccessor(buf), cache, version);
        return buf.array();
    }

    /** True when the server closed the connection (EOF or reset) within the timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        try {
            byte[] buf = new byte[4096];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void assertHealthyClientWorks() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000"))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        return s;
    }

    @Test
    void sizePrefixOverTheLimitClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            new DataOutputStream(s.getOutputStream()).writeInt(Integer.MAX_VALUE);
            assertThat(closedByServer(s)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void negativeSizePrefixClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            new DataOutputStream(s.getOutputStream()).writeInt(-5);
            assertThat(closedByServer(s)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void unknownApiKeyClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(10);
            out.writeShort(9999);
            out.writeShort(0);
            out.writeInt(7);
            out.writeShort(-1);
            assertThat(closedByServer(s)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void unsupportedApiVersionsVersionIsAnsweredWithTheSupportedRange() throws Exception {
        try (Socket s = connect()) {
            byte[] f = frame(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                    .setClientSoftwareName("test").setClientSoftwareVersion("1.0"), 42);
            ByteBuffer b = ByteBuffer.wrap(f);
            b.putShort(6, (short) 99);
            s.getOutputStream().write(f);
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            assertThat(size).isBetween(6, 1000);
            assertThat(in.readInt()).isEqualTo(42);
            assertThat(in.readShort()).isEqualTo((short) 35);
        }
    }

    @Test
    void negativeLengthOfANonNullableArrayClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            byte[] f = frame(ApiKeys.LIST_OFFSETS, (short) 1,
                    new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of()), 1);
            ByteBuffer.wrap(f).putInt(f.length - 4, -7);
            s.getOutputStream().write(f);
            assertThat(closedByServer(s)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void negativeLengthOfANullableArrayReadsAsNullAndIsAnswered() throws Exception {
        try (Socket s = connect()) {
            byte[] f = frame(ApiKeys.METADATA, (short) 4, new MetadataRequestData().setTopics(List.of()), 5);
            ByteBuffer.wrap(f).putInt(f.length - 5, -7);
            s.getOutputStream().write(f);
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(in.readInt()).isPositive();
            assertThat(in.readInt()).isEqualTo(5);
        }
    }

    @Test
    void truncatedFrameThenCloseLeavesTheServerHealthy() throws Exception {
        try (Socket s = connect()) {
            byte[] f = frame(ApiKeys.METADATA, (short) 12, new MetadataRequestData(), 1);
            s.getOutputStream().write(f, 0, f.length / 2);
        }
        assertHealthyClientWorks();
    }

    @Test
    void garbageBytesOnManyConnectionsNeverBreakTheServer() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            try (Socket s = connect()) {
                byte[] junk = new byte[1 + random.nextInt(2000)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    ByteBuffer.wrap(junk).putInt(0, Math.min(junk.length - 4, Math.max(0, junk.length - 4)));
                }
                s.getOutputStream().write(junk);
                s.shutdownOutput();
                closedByServer(s);
            } catch (IOException e) {
                // reset by the server while we wrote: also a valid outcome
            }
        }
        assertHealthyClientWorks();
    }
}
