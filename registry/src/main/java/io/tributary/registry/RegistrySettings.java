package io.tributary.registry;

import io.tributary.registry.schema.CompatibilityLevel;
import java.time.Duration;

/**
 * The registry's settings: the topic it keeps its state in and that topic's replication factor (-1: the
 * cluster's {@code default.replication.factor}), the compatibility level of subjects and of the registry until one
 * is configured, and how long a request may wait for the store.
 */
public record RegistrySettings(String topic, short replicationFactor, CompatibilityLevel defaultCompatibility,
        Duration timeout, int maxSchemaBytes) {

    /** Confluent's defaults: {@code _schemas}, BACKWARD; 30 s; schemas up to 1 MiB; the cluster's replication. */
    public static RegistrySettings defaults() {
        return new RegistrySettings("_schemas", (short) -1, CompatibilityLevel.BACKWARD, Duration.ofSeconds(30),
                1 << 20);
    }
}
