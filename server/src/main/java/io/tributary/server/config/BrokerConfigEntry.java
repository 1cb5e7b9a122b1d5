package io.tributary.server.config;

/**
 * One broker configuration as DescribeConfigs reports it.
 *
 * @param value the effective value as a string; null for an unset optional key or a sensitive one
 * @param isDefault true when the key was not given in the file or overrides
 */
public record BrokerConfigEntry(String name, String value, boolean isDefault, boolean isSensitive,
        boolean isReadOnly) {}
