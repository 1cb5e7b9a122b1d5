package io.tributary.metadata.config;

import java.util.Locale;
import java.util.Set;

/** The value type of a config, with Kafka's parsing rules. Stateless. */
public enum ConfigType {
    BOOLEAN, INT, LONG, DOUBLE, STRING, LIST, CLASS, PASSWORD;

    /**
     * Checks that {@code value} parses as this type and, for numbers, lies at or above {@code min}
     * and, for strings, is one of {@code allowed} (when not empty; compared case-insensitively).
     *
     * @return null when valid, else a message saying what is wrong
     */
    public String check(String name, String value, double min, Set<String> allowed) {
        String v = value.trim();
        try {
            switch (this) {
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        return "Invalid value " + value + " for configuration " + name
                                + ": Expected value to be either true or false";
                    }
                }
                case INT -> {
                    if (Integer.parseInt(v) < min) {
                        return "Invalid value " + value + " for configuration " + name
                                + ": Value must be at least " + (long) min;
                    }
                }
                case LONG -> {
                    if (Long.parseLong(v) < min) {
                        return "Invalid value " + value + " for configuration " + name
                                + ": Value must be at least " + (long) min;
                    }
                }
                case DOUBLE -> {
                    double d = Double.parseDouble(v);
                    if (d < min || Double.isNaN(d)) {
                        return "Invalid value " + value + " for configuration " + name
                                + ": Value must be at least " + min;
                    }
                }
                case STRING, LIST -> {
                    if (this == LIST && v.isEmpty()) {
                        return null;
                    }
                    if (!allowed.isEmpty()) {
                        for (String part : this == LIST ? v.split(",") : new String[] {v}) {
                            if (!allowed.contains(part.trim().toLowerCase(Locale.ROOT))) {
                                return "Invalid value " + value + " for configuration " + name
                                        + ": String must be one of: "
                                        + String.join(", ", new java.util.TreeSet<>(allowed));
                            }
                        }
                    }
                }
                default -> { }
            }
        } catch (NumberFormatException e) {
            return "Invalid value " + value + " for configuration " + name + ": Not a number of type " + this;
        }
        return null;
    }

    /** Kafka's DescribeConfigs type code (ConfigType in the DescribeConfigs response). */
    public byte describeCode() {
        return switch (this) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
            case CLASS -> 8;
            case PASSWORD -> 9;
        };
    }
}
