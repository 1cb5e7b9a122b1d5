package io.tributary.server;

import io.tributary.server.config.ServerArgs;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The training run of the launcher's start-up cache: {@code bin/tributary} runs this class once per
 * build with {@code -XX:AOTCacheOutput} (JDK 25+) or {@code -XX:ArchiveClassesAtExit} (JDK 21-24),
 * and every later {@code tributary server} maps the classes (and, on JDK 25+, the linked state and
 * method profiles) this run used instead of loading them from the jars.
 *
 * <p>It does what a start does, on a throw-away node: parses server arguments, starts an embedded
 * node (ephemeral ports, a temporary data directory), answers one client's ApiVersions and Metadata
 * requests as a client's first connection does, and shuts the node down. Exit status 0 on success,
 * 1 on any failure (the launcher then starts without the cache).
 */
public final class StartupTraining {

    private StartupTraining() {}

    public static void main(String[] args) {
        try {
            ServerArgs.parse(List.of("--set", "num.partitions=1"));
            try (Tributary node = Tributary.embedded().start()) {
                firstConnection(node.port("PLAINTEXT"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("tributary: start-up cache training failed: " + e);
            System.exit(1);
        }
    }

    /** One connection that sends ApiVersions v3 then Metadata v12 (all topics) and reads both answers. */
    private static void firstConnection(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            RequestHeader versions = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "training", 1);
            roundTrip(in, out, new ApiVersionsRequest.Builder().build((short) 3).serializeWithHeader(versions));
            RequestHeader metadata = new RequestHeader(ApiKeys.METADATA, (short) 12, "training", 2);
            roundTrip(in, out, new MetadataRequest.Builder(List.of(), false).build((short) 12)
                    .serializeWithHeader(metadata));
        }
    }

    private static void roundTrip(DataInputStream in, OutputStream out, ByteBuffer request) throws IOException {
        byte[] frame = new byte[4 + request.remaining()];
        ByteBuffer.wrap(frame).putInt(request.remaining()).put(request);
        out.write(frame);
        out.flush();
        in.readFully(new byte[in.readInt()]);
    }
}
