package io.tributary.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the cluster is: {@code -b/--bootstrap}, else {@code TRIBUTARY_BOOTSTRAP}, else
 * {@code bootstrap=} in the profile ({@code $XDG_CONFIG_HOME/tributary/profile}, by default
 * {@code ~/.config/tributary/profile}), else {@code 127.0.0.1:9092}.
 *
 * @param servers comma-separated host:port list
 * @param source where it came from, for messages
 */
record Bootstrap(String servers, String source) {

    static final String DEFAULT = "127.0.0.1:9092";

    static Bootstrap resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return new Bootstrap(option.trim(), "--bootstrap");
        }
        String fromEnv = env.get("TRIBUTARY_BOOTSTRAP");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Bootstrap(fromEnv.trim(), "TRIBUTARY_BOOTSTRAP");
        }
        Path profile = profilePath(env);
        if (Files.isRegularFile(profile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(profile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read the profile " + profile + ": " + e.getMessage(),
                        null);
            }
            String value = p.getProperty("bootstrap");
            if (value != null && !value.isBlank()) {
                return new Bootstrap(value.trim(), profile.toString());
            }
        }
        return new Bootstrap(DEFAULT, "default");
    }

    static Path profilePath(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("tributary").resolve("profile");
    }

    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : servers.split(",")) {
            String hp = s.trim();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1) {
                throw new CliException(ExitCodes.USAGE, "bad bootstrap address '" + hp + "' (from " + source + ")",
                        "Give host:port, e.g. -b 127.0.0.1:9092.");
            }
            String host = hp.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE,
                        "bad port in bootstrap address '" + hp + "' (from " + source + ")",
                        "Give host:port, e.g. -b 127.0.0.1:9092.");
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    /**
     * Fails fast with exit 3 when no bootstrap address accepts a TCP connection, so an absent
     * cluster is reported in a moment instead of after the clients' retries.
     */
    void requireReachable(int connectTimeoutMs) {
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress a : addresses()) {
            InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
            if (resolved.isUnresolved()) {
                problems.add(a.getHostString() + ": unknown host");
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(resolved, connectTimeoutMs);
                return;
            } catch (IOException e) {
                problems.add(a.getHostString() + ":" + a.getPort() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        throw new CliException(ExitCodes.UNREACHABLE,
                "cannot reach the cluster at " + servers + " (from " + source + "): " + String.join("; ", problems),
                "Start one with 'tributary server', or point at yours with -b host:port, TRIBUTARY_BOOTSTRAP "
                        + "or bootstrap= in " + profilePath(System.getenv()) + ".");
    }
}
