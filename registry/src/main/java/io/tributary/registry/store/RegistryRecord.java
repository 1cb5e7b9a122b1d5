package io.tributary.registry.store;

/**
 * One record of the {@code _schemas} topic, decoded. The key decides which compacted slot the record fills:
 * one per subject version, one per subject's (or the global) compatibility and mode.
 */
public sealed interface RegistryRecord {

    /** A subject version; {@code schema} null is a tombstone (permanent deletion). */
    record Schema(String subject, int version, StoredSchema schema) implements RegistryRecord {}

    /** The compatibility level of a subject ({@code subject} null: global); {@code level} null removes it. */
    record Config(String subject, String level) implements RegistryRecord {}

    /** The mode of a subject ({@code subject} null: global); {@code mode} null removes it. */
    record Mode(String subject, String mode) implements RegistryRecord {}

    /** A key of a type this version does not know, or a record that does not decode: skipped. */
    record Ignored(String reason) implements RegistryRecord {}
}
