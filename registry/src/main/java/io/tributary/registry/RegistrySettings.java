package io.tributary.registry;

import io.tributary.registry.schema.CompatibilityLevel;
import java.time.Duration;

/**
 * The registry's settings: the topic it keeps its state in, the compatibility level of subjects and of the
 * registry until one is configured, and how long a request may wait for the store.
 */
public record RegistrySettings(String topic, CompatibilityLevel defaultCompatibility, Duration timeout,
        int maxSchemaBytes) {

    /** Confluent's defaults: {@code _schemas}, BACKWARD; 30 s; schemas up to 1 MiB. */
    public static RegistrySettings defaults() {
        return new RegistrySettings("_schemas", CompatibilityLevel.BACKWARD, Duration.ofSeconds(30), 1 << 20);
    }
}
