package io.tributary.metadata;

/** An address a broker serves clients on, under a listener name. */
public record BrokerEndpoint(String listener, String host, int port, String securityProtocol) {}
