package io.tributary.registry.schema;

import java.util.ArrayList;
import java.util.List;

/** One row of a compatibility table: previous versions (oldest first), the candidate, the level, the verdict. */
record CompatibilityCase(String name, CompatibilityLevel level, List<String> previous, String candidate,
        boolean compatible) {

    @Override
    public String toString() {
        return name + " @ " + level + " -> " + (compatible ? "compatible" : "incompatible");
    }

    /** Rows for one change between two schemas at every level, from the verdicts at BACKWARD and FORWARD. */
    static List<CompatibilityCase> change(String name, String old, String candidate, boolean backward,
            boolean forward) {
        List<CompatibilityCase> out = new ArrayList<>();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            boolean verdict = switch (level) {
                case NONE -> true;
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
            };
            out.add(new CompatibilityCase(name, level, List.of(old), candidate, verdict));
        }
        return out;
    }

    /** A row over three versions, where the transitive level differs from the plain one. */
    static CompatibilityCase history(String name, CompatibilityLevel level, List<String> previous, String candidate,
            boolean compatible) {
        return new CompatibilityCase(name, level, previous, candidate, compatible);
    }

    /** Checks this row with {@code format}. */
    boolean verdict(SchemaFormat format) {
        List<ParsedSchema> parsed = previous.stream().map(s -> format.parse(s, List.of())).toList();
        return level.check(format.parse(candidate, List.of()), parsed).isEmpty();
    }
}
