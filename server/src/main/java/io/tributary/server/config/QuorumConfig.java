package io.tributary.server.config;

import static io.tributary.server.config.BrokerConfigs.CONTROLLER_LISTENER_NAMES;
import static io.tributary.server.config.BrokerConfigs.CONTROLLER_QUORUM_BOOTSTRAP_SERVERS;
import static io.tributary.server.config.BrokerConfigs.CONTROLLER_QUORUM_VOTERS;
import static io.tributary.server.config.BrokerConfigs.LISTENERS;
import static io.tributary.server.config.BrokerConfigs.PROCESS_ROLES;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata quorum a node belongs to, from Kafka's keys: {@code controller.quorum.voters}
 * ({@code id@host:port,...}), {@code process.roles}, {@code controller.listener.names} and the
 * controller listener in {@code listeners}. Without voters the node is a cluster of one (broker
 * and controller, the zero-configuration default). With voters, this node must be one of them
 * (a controller, or broker and controller), listen on a controller listener at the address its
 * voter entry names, and that listener is served by the quorum, not by the Kafka listeners.
 *
 * @param voters id to address, in configuration order; empty for a single node
 * @param controllerListener the name of this node's controller listener (null for a single node)
 */
public record QuorumConfig(Map<Integer, InetSocketAddress> voters, String controllerListener) {

    public static final QuorumConfig SINGLE_NODE = new QuorumConfig(Map.of(), null);

    public boolean isReplicated() {
        return !voters.isEmpty();
    }

    /** Validates the quorum keys of {@code config}; errors name the key and say what to do. */
    static QuorumConfig resolve(int nodeId, Set<String> roles, List<String> rawVoters, List<String> bootstrap,
            List<String> controllerListenerNames, List<ListenerSpec> listeners) {
        if (rawVoters.isEmpty()) {
            if (!bootstrap.isEmpty()) {
                throw new ConfigException(CONTROLLER_QUORUM_BOOTSTRAP_SERVERS, String.join(",", bootstrap),
                        "dynamic quorums are not supported yet; list every voter in " + CONTROLLER_QUORUM_VOTERS);
            }
            if (!roles.containsAll(Set.of("broker", "controller"))) {
                throw new ConfigException(PROCESS_ROLES, String.join(",", roles),
                        "a node with only some roles needs the other nodes: set " + CONTROLLER_QUORUM_VOTERS);
            }
            return SINGLE_NODE;
        }
        Map<Integer, InetSocketAddress> voters = parseVoters(rawVoters);
        if (!roles.contains("controller")) {
            throw new ConfigException(PROCESS_ROLES, String.join(",", roles),
                    "broker-only nodes are not supported yet: every node of a cluster is a voter (broker,controller)");
        }
        if (!roles.contains("broker")) {
            throw new ConfigException(PROCESS_ROLES, String.join(",", roles),
                    "controller-only nodes are not supported yet: use process.roles=broker,controller");
        }
        if (!voters.containsKey(nodeId)) {
            throw new ConfigException(CONTROLLER_QUORUM_VOTERS, String.join(",", rawVoters),
                    "this node (node.id " + nodeId + ") has the controller role but is not one of the voters");
        }
        if (controllerListenerNames.isEmpty()) {
            throw new ConfigException(CONTROLLER_LISTENER_NAMES, "",
                    "a controller needs a controller listener, e.g. CONTROLLER, also named in " + LISTENERS);
        }
        String name = controllerListenerNames.get(0);
        ListenerSpec listener = listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException(LISTENERS, listeners.toString(),
                        "has no " + name + ":// listener, which " + CONTROLLER_LISTENER_NAMES + " names"));
        InetSocketAddress self = voters.get(nodeId);
        if (listener.port() != self.getPort()) {
            throw new ConfigException(LISTENERS, listener.toString(), "the controller listener must listen on "
                    + "the port of this node's voter entry (" + nodeId + "@" + self.getHostString() + ":"
                    + self.getPort() + ")");
        }
        return new QuorumConfig(voters, name);
    }

    /** Parses {@code id@host:port} entries; ids and addresses must be distinct. */
    static Map<Integer, InetSocketAddress> parseVoters(List<String> raw) {
        Map<Integer, InetSocketAddress> voters = new LinkedHashMap<>();
        for (String entry : raw) {
            String e = entry.trim();
            int at = e.indexOf('@');
            int colon = e.lastIndexOf(':');
            if (at <= 0 || colon < at + 2 || colon == e.length() - 1) {
                throw new ConfigException(CONTROLLER_QUORUM_VOTERS, String.join(",", raw),
                        "entry '" + e + "' is not id@host:port");
            }
            int id;
            int port;
            try {
                id = Integer.parseInt(e.substring(0, at));
                port = Integer.parseInt(e.substring(colon + 1));
            } catch (NumberFormatException ex) {
                throw new ConfigException(CONTROLLER_QUORUM_VOTERS, String.join(",", raw),
                        "entry '" + e + "' is not id@host:port");
            }
            String host = e.substring(at + 1, colon).replace("[", "").replace("]", "");
            if (port <= 0 || port > 65535 || id < 0) {
                throw new ConfigException(CONTROLLER_QUORUM_VOTERS, String.join(",", raw),
                        "entry '" + e + "' has an invalid id or port");
            }
            InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
            if (voters.put(id, address) != null || voters.values().stream().filter(address::equals).count() > 1) {
                throw new ConfigException(CONTROLLER_QUORUM_VOTERS, String.join(",", raw),
                        "voter ids and addresses must be distinct");
            }
        }
        return voters;
    }
}
