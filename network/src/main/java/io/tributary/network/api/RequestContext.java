package io.tributary.network.api;

import java.net.InetAddress;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a handler knows about the request beyond its body: the header, which listener it arrived
 * on and who sent it. Immutable.
 *
 * @param header the decoded request header (api key, version, client id, correlation id)
 * @param listenerName the name of the listener the connection was accepted on, e.g. PLAINTEXT
 * @param clientAddress the peer address
 * @param connectionId a stable id of the connection, unique within this process
 * @param receivedNanos {@link System#nanoTime()} when the full frame had been read
 */
public record RequestContext(
        RequestHeader header,
        String listenerName,
        InetAddress clientAddress,
        String connectionId,
        long receivedNanos) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
