package io.tributary.network;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractResponse;

/** A real {@link NetworkServer} on 127.0.0.1 ephemeral ports, plus raw-socket client helpers. */
public final class NetworkServerTestContext implements AutoCloseable {

    public final NetworkServer server;
    private final List<Socket> sockets = new ArrayList<>();

    public NetworkServerTestContext(NetworkConfig.Builder config, ApiHandler... handlers) {
        HandlerRegistry registry = new HandlerRegistry();
        for (ApiHandler handler : handlers) {
            registry.register(handler);
        }
        server = new NetworkServer(config.networkThreads(2).build(), registry);
        server.start();
    }

    public NetworkServerTestContext(ApiHandler... handlers) {
        this(NetworkConfig.builder().endpoint(Endpoint.plaintext("127.0.0.1", 0)), handlers);
    }

    public int port() {
        return server.boundPort("PLAINTEXT");
    }

    public String bootstrap() {
        return "127.0.0.1:" + port();
    }

    public Socket connect() throws IOException {
        return connect(port());
    }

    public Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    public static void send(Socket socket, ApiKeys key, short version, int correlationId, ApiMessage body)
            throws IOException {
        sendBytes(socket, KafkaWire.request(key, version, correlationId, body));
    }

    public static void sendBytes(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads one response frame (without its size prefix). */
    public static ByteBuffer receive(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    public static <T extends AbstractResponse> T receive(Socket socket, ApiKeys key, short version) throws IOException {
        return KafkaWire.response(receive(socket), key, version);
    }

    /** True once the server closed the connection (the next read sees end of stream). */
    public static boolean closedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        server.close();
    }
}
