package io.tributary.network;

import java.util.Objects;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One listener the server binds: a name (as in Kafka's {@code listeners}), an address and the
 * security protocol spoken on it. Immutable.
 *
 * @param listenerName e.g. {@code PLAINTEXT}; unique within one server
 * @param host the address to bind; {@code null}, empty or {@code 0.0.0.0} binds all interfaces
 * @param port the port to bind; 0 picks an ephemeral port, see {@link NetworkServer#boundPort}
 * @param securityProtocol only {@link SecurityProtocol#PLAINTEXT} is implemented so far
 */
public record Endpoint(String listenerName, String host, int port, SecurityProtocol securityProtocol) {

    public Endpoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A PLAINTEXT listener named {@code PLAINTEXT}. */
    public static Endpoint plaintext(String host, int port) {
        return new Endpoint("PLAINTEXT", host, port, SecurityProtocol.PLAINTEXT);
    }

    boolean bindsAllInterfaces() {
        return host == null || host.isEmpty() || host.equals("0.0.0.0");
    }
}
