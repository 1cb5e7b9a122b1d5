package io.tributary.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/** Parsing and validation of {@code listeners}, {@code advertised.listeners} and the protocol map. */
final class Listeners {

    private Listeners() {}

    private static final Pattern LISTENER = Pattern.compile(
            "^([A-Za-z0-9_\\-]+)://(?:\\[([0-9A-Fa-f:.%A-Za-z]+)]|([0-9A-Za-z\\-._]*)):(-?[0-9]+)$");

    /** Parses {@code NAME:PROTOCOL} pairs; names are upper-cased. */
    static Map<String, SecurityProtocol> parseProtocolMap(String key, List<String> entries) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(key, String.join(",", entries),
                        "Map entry '" + entry + "' is not of the form NAME:PROTOCOL");
            }
            String name = entry.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            String protocol = entry.substring(colon + 1).trim();
            SecurityProtocol sp;
            try {
                sp = SecurityProtocol.forName(protocol);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, String.join(",", entries), "Unknown security protocol " + protocol
                        + " (expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)");
            }
            if (map.put(name, sp) != null) {
                throw new ConfigException(key, String.join(",", entries), "Duplicate listener name " + name);
            }
        }
        return map;
    }

    /**
     * Parses listener URIs.
     *
     * @param protocols listener name to security protocol
     */
    static List<ListenerSpec> parse(String key, List<String> entries, Map<String, SecurityProtocol> protocols) {
        String all = String.join(",", entries);
        List<ListenerSpec> result = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (String entry : entries) {
            Matcher m = LISTENER.matcher(entry);
            if (!m.matches()) {
                throw new ConfigException(key, all,
                        "Listener '" + entry + "' is not of the form NAME://host:port (IPv6: NAME://[::1]:port)");
            }
            String name = m.group(1).toUpperCase(Locale.ROOT);
            String host = m.group(2) != null ? m.group(2) : m.group(3);
            int port;
            try {
                port = Integer.parseInt(m.group(4));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException(key, all,
                        "Port " + m.group(4) + " of listener " + name + " is not in 0..65535");
            }
            SecurityProtocol protocol = protocols.get(name);
            if (protocol == null) {
                throw new ConfigException(key, all, "No security protocol defined for listener " + name
                        + "; add it to " + BrokerConfigs.LISTENER_SECURITY_PROTOCOL_MAP);
            }
            if (!names.add(name)) {
                throw new ConfigException(key, all, "Each listener must have a different name; " + name
                        + " appears more than once");
            }
            result.add(new ListenerSpec(name, host, port, protocol));
        }
        return List.copyOf(result);
    }

    /** Rejects two listeners binding the same non-ephemeral port on overlapping addresses. */
    static void checkPorts(String key, List<ListenerSpec> listeners) {
        Map<Integer, ListenerSpec> byPort = new HashMap<>();
        for (ListenerSpec l : listeners) {
            if (l.port() == 0) {
                continue;
            }
            ListenerSpec other = byPort.putIfAbsent(l.port(), l);
            if (other != null && (other.isWildcard() || l.isWildcard() || other.host().equals(l.host()))) {
                throw new ConfigException(key, listeners.toString().replace(" ", ""),
                        "Listeners " + other.name() + " and " + l.name() + " both use port " + l.port());
            }
        }
    }

    /** Kafka's rule: advertising the non-routable wildcard address is an error. */
    static void checkAdvertised(String key, List<ListenerSpec> advertised, List<ListenerSpec> listeners) {
        Set<String> bound = new java.util.HashSet<>();
        listeners.forEach(l -> bound.add(l.name()));
        for (ListenerSpec a : advertised) {
            if (a.host().equals("0.0.0.0") || a.host().equals("::")) {
                throw new ConfigException(key, advertised.toString().replace(" ", ""),
                        "Cannot advertise the non-routable meta-address " + a.host() + " (listener " + a.name() + ")");
            }
            if (!bound.contains(a.name())) {
                throw new ConfigException(key, advertised.toString().replace(" ", ""),
                        "Advertised listener " + a.name() + " is not one of the listeners " + bound);
            }
        }
    }
}
