package io.tributary.server.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a parsed configuration value; throws {@link ConfigException} naming key and value. */
@FunctionalInterface
public interface Validator {

    void ensureValid(String name, Object value);

    Validator NONE = (name, value) -> { };

    /** A number at least {@code min}. */
    static Validator atLeast(long min) {
        return (name, value) -> {
            if (value != null && ((Number) value).doubleValue() < min) {
                throw new ConfigException(name, value, "Value must be at least " + min);
            }
        };
    }

    /** A number within {@code [min, max]}. */
    static Validator between(double min, double max) {
        return (name, value) -> {
            if (value == null) {
                return;
            }
            double v = ((Number) value).doubleValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "Value must be between " + fmt(min) + " and " + fmt(max));
            }
        };
    }

    /** A string that is one of {@code allowed} (case-sensitive, as Kafka's ValidString). */
    static Validator in(String... allowed) {
        List<String> ok = List.of(allowed);
        return (name, value) -> {
            if (value != null && !ok.contains(value)) {
                throw new ConfigException(name, value, "String must be one of: " + String.join(", ", ok));
            }
        };
    }

    /** A list whose elements are each one of {@code allowed}, without duplicates. */
    static Validator listOf(boolean allowEmpty, String... allowed) {
        List<String> ok = List.of(allowed);
        return (name, value) -> {
            if (value == null) {
                return;
            }
            List<String> list = ConfigType.castList(value);
            if (!allowEmpty && list.isEmpty()) {
                throw new ConfigException(name, "", "Empty list is not allowed");
            }
            Set<String> seen = new HashSet<>();
            for (String s : list) {
                if (!ok.contains(s)) {
                    throw new ConfigException(name, String.join(",", list),
                            "Invalid value " + s + "; allowed values: " + String.join(", ", ok));
                }
                if (!seen.add(s)) {
                    throw new ConfigException(name, String.join(",", list), "Duplicate entry " + s);
                }
            }
        };
    }

    /** A list with at least one element. */
    static Validator nonEmptyList() {
        return (name, value) -> {
            if (value != null && ConfigType.castList(value).isEmpty()) {
                throw new ConfigException(name, "", "Empty list is not allowed");
            }
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
