package io.tributary.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be
 * a HELP, a TYPE or a sample; every sample must belong to a family whose TYPE came first (with
 * the {@code _bucket}/{@code _count}/{@code _sum}/{@code _total}/{@code _created} suffixes its
 * type allows); label values must be properly escaped; values must be floats.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException("bad TYPE");
                    }
                    if (types.put(parts[0], parts[1]) != null) {
                        throw new IllegalArgumentException("second TYPE for " + parts[0]);
                    }
                } else if (line.startsWith("# HELP ")) {
                    String rest = line.substring(7);
                    int sp = rest.indexOf(' ');
                    String name = sp < 0 ? rest : rest.substring(0, sp);
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("bad HELP name");
                    }
                } else if (line.startsWith("#")) {
                    continue; // other comments are allowed
                } else {
                    Sample s = sample(line);
                    if (family(s.name(), types) == null) {
                        throw new IllegalArgumentException("sample before its TYPE");
                    }
                    samples.add(s);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNo + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return new PrometheusText(samples);
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if (type == null) {
                    continue;
                }
                boolean ok = switch (suffix) {
                    case "_total" -> type.equals("counter");
                    case "_bucket" -> type.equals("histogram");
                    case "_count", "_sum" -> type.equals("histogram") || type.equals("summary");
                    default -> true;
                };
                if (ok) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("no metric name");
        }
        int pos = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            while (line.charAt(pos) != '}') {
                Matcher l = LABEL.matcher(line).region(pos, line.length());
                if (!l.lookingAt()) {
                    throw new IllegalArgumentException("bad label at " + pos);
                }
                if (labels.put(l.group(1), unescape(l.group(2))) != null) {
                    throw new IllegalArgumentException("duplicate label " + l.group(1));
                }
                pos = l.end();
                if (line.charAt(pos) == ',') {
                    pos++;
                }
            }
            pos++;
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw new IllegalArgumentException("no space before the value");
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing fields");
        }
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(line.substring(0, name.end()), labels, value(rest[0]));
    }

    private static double value(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    List<Sample> samples() {
        return samples;
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}; NaN when absent. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException(found.size() + " samples match " + name + labels);
        }
        return found.isEmpty() ? Double.NaN : found.get(0).value();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
