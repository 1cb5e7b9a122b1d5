package io.tributary.server.config;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One Kafka protocol listener, {@code NAME://host:port}.
 *
 * @param name upper-case listener name (Kafka normalises listener names to upper case)
 * @param host host name or address without IPv6 brackets; empty means every interface
 * @param port 0..65535; 0 binds an ephemeral port
 */
public record ListenerSpec(String name, String host, int port, SecurityProtocol securityProtocol) {

    /** True when the host binds every interface: empty, {@code 0.0.0.0} or {@code ::}. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public ListenerSpec withHost(String newHost) {
        return new ListenerSpec(name, newHost, port, securityProtocol);
    }

    @Override
    public String toString() {
        return name + "://" + hostPort();
    }
}
