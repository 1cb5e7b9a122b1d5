package io.tributary.registry.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Confluent Schema Registry's compatibility levels. BACKWARD: the new schema reads data written with the
 * previous one; FORWARD: the previous schema reads data written with the new one; FULL: both. The
 * non-transitive levels compare with the latest version only, the transitive ones with every version.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** The level named {@code name}, in any case. */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether every version is compared, not just the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Why {@code candidate} may not follow {@code previous} (oldest first, non-deleted versions); empty when
     * it may.
     */
    public List<String> check(ParsedSchema candidate, List<ParsedSchema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return List.of();
        }
        List<ParsedSchema> compared = transitive() ? previous : List.of(previous.get(previous.size() - 1));
        List<String> messages = new ArrayList<>();
        for (int i = compared.size() - 1; i >= 0; i--) {
            ParsedSchema old = compared.get(i);
            if (!old.type().equals(candidate.type())) {
                messages.add("Incompatible because of different schema type: " + old.type() + " and "
                        + candidate.type());
                continue;
            }
            if (this != FORWARD && this != FORWARD_TRANSITIVE) {
                messages.addAll(candidate.readerIncompatibilities(old));
            }
            if (this != BACKWARD && this != BACKWARD_TRANSITIVE) {
                messages.addAll(old.readerIncompatibilities(candidate));
            }
        }
        return messages;
    }
}
