package io.tributary.network.api;

import java.net.InetAddress;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * What a handler knows about the request beyond its body: the header, which listener it arrived
 * on and who sent it. Immutable.
 *
 * <p>Note: {@link #apiVersion()} is the version the client put in the header. For an ApiVersions
 * request of a version this broker does not know, the body handed to the handler is a v0 request
 * (KIP-511) and the response is written at the body's version, {@code request.version()}.
 *
 * @param header the decoded request header (api key, version, client id, correlation id)
 * @param listenerName the name of the listener the connection was accepted on, e.g. PLAINTEXT
 * @param securityProtocol the security protocol of that listener
 * @param clientAddress the peer address
 * @param connectionId a stable id of the connection, unique within this process
 * @param receivedNanos monotonic time in nanoseconds when the full frame had been read, from the
 *     network layer's {@code Time} ({@code nanoseconds()})
 */
public record RequestContext(
        RequestHeader header,
        String listenerName,
        SecurityProtocol securityProtocol,
        InetAddress clientAddress,
        String connectionId,
        long receivedNanos) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }

    public int correlationId() {
        return header.correlationId();
    }
}
