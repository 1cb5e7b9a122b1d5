package io.tributary.server.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code tributary server} that make up its configuration:
 * {@code [--config FILE] [--set KEY=VALUE]... [--help]} (also {@code --config=FILE}, {@code --set=K=V}).
 */
public record ServerArgs(Optional<Path> configFile, Map<String, String> overrides, boolean help) {

    /** @throws IllegalArgumentException with a one-line message for a malformed command line */
    public static ServerArgs parse(List<String> args) {
        Optional<Path> config = Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--config", "-c" -> {
                    String v = inline != null ? inline : value(args, ++i, name);
                    if (config.isPresent()) {
                        throw new IllegalArgumentException("--config given more than once");
                    }
                    if (v.isBlank()) {
                        throw new IllegalArgumentException("--config needs a file name");
                    }
                    config = Optional.of(Path.of(v));
                }
                case "--set", "-s" -> {
                    String kv = inline != null ? inline : value(args, ++i, name);
                    int sep = kv.indexOf('=');
                    if (sep <= 0 || kv.substring(0, sep).isBlank()) {
                        throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + kv + "'");
                    }
                    overrides.put(kv.substring(0, sep).trim(), kv.substring(sep + 1));
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new ServerArgs(config, Collections.unmodifiableMap(overrides), help);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
