package io.tributary.server.config;

/** Broker configuration with Apache Kafka's key names (to be implemented). */
public final class ServerConfig {}
