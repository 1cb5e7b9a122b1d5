package io.tributary.broker.replica.fetcher;

import io.tributary.metadata.BrokerEndpoint;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A blocking Kafka-protocol connection from a follower to another broker: one request at a time,
 * framed and parsed with Kafka's own request and response classes. Every read is bounded by the
 * socket timeout; a response larger than {@code maxResponseBytes} closes the connection rather
 * than allocating it.
 *
 * <p>Not thread-safe: owned by one fetcher thread.
 */
final class LeaderConnection implements Closeable {

    private final String clientId;
    private final BrokerEndpoint endpoint;
    private final int maxResponseBytes;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;

    LeaderConnection(String clientId, BrokerEndpoint endpoint, int connectTimeoutMs, int socketTimeoutMs,
            int maxResponseBytes) throws IOException {
        this.clientId = clientId;
        this.endpoint = endpoint;
        this.maxResponseBytes = maxResponseBytes;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(socketTimeoutMs);
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), connectTimeoutMs);
            this.in = new DataInputStream(s.getInputStream());
            this.out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.socket = s;
    }

    BrokerEndpoint endpoint() {
        return endpoint;
    }

    /** Sends {@code request} and waits for its response. */
    AbstractResponse send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, ++correlationId);
        ByteBuffer payload = request.serializeWithHeader(header);
        out.writeInt(payload.remaining());
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        out.write(bytes);
        out.flush();
        int size = in.readInt();
        if (size < 0 || size > maxResponseBytes) {
            throw new IOException("Response of " + size + " bytes from " + endpoint + " is out of bounds");
        }
        byte[] body = new byte[size];
        in.readFully(body);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
