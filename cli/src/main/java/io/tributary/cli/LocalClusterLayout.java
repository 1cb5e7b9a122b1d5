package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where and on which loopback ports the nodes of a local cluster run: node {@code i} (1-based)
 * serves Kafka on {@code firstPort + i - 1}, its controller listener and HTTP endpoints on free
 * ports, and keeps its data in {@code base/node-i} (output in {@code base/node-i.log}). The
 * controller and HTTP ports are recorded in {@code base/cluster.properties} and used again by the
 * next start on the same base directory with as many nodes, since the metadata quorum remembers
 * its voters' addresses. Immutable once planned.
 */
final class LocalClusterLayout {

    static final String HOST = "127.0.0.1";
    static final String FILE = "cluster.properties";

    /** The ports of one node. */
    record Ports(int kafka, int controller, int http) {}

    private final Path base;
    private final List<Ports> ports;

    private LocalClusterLayout(Path base, List<Ports> ports) {
        this.base = base;
        this.ports = List.copyOf(ports);
    }

    /** Plans (and records) the ports of {@code nodes} nodes; a port in use is a {@link CliException}. */
    static LocalClusterLayout plan(Path base, int nodes, int firstPort) throws IOException {
        Files.createDirectories(base);
        Properties saved = load(base.resolve(FILE), nodes);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < nodes; i++) {
            taken.add(firstPort + i);
        }
        List<Ports> out = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            int kafka = firstPort + id - 1;
            requireFree(kafka, "the Kafka port of node " + id, "--port chooses another first port");
            int controller = port(saved, "node." + id + ".controller.port", taken, "node " + id + "'s controller");
            int http = port(saved, "node." + id + ".http.port", taken, "node " + id + "'s HTTP endpoints");
            out.add(new Ports(kafka, controller, http));
        }
        LocalClusterLayout layout = new LocalClusterLayout(base, out);
        layout.save();
        return layout;
    }

    int size() {
        return ports.size();
    }

    Ports ports(int id) {
        return ports.get(id - 1);
    }

    Path dataDir(int id) {
        return base.resolve("node-" + id);
    }

    Path logFile(int id) {
        return base.resolve("node-" + id + ".log");
    }

    /** The Kafka listeners of every node, comma-separated. */
    String bootstrap() {
        return ports.stream().map(p -> HOST + ":" + p.kafka()).collect(Collectors.joining(","));
    }

    /** {@code controller.quorum.voters}: every node is a voter. */
    String voters() {
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= ports.size(); id++) {
            voters.add(id + "@" + HOST + ":" + ports(id).controller());
        }
        return String.join(",", voters);
    }

    /** The server arguments of node {@code id}: its settings, then {@code extra} KEY=VALUE pairs. */
    List<String> serverArgs(int id, List<String> extra) {
        Ports p = ports(id);
        List<String> settings = new ArrayList<>(List.of(
                "node.id=" + id,
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://" + HOST + ":" + p.kafka() + ",CONTROLLER://" + HOST + ":" + p.controller(),
                "controller.listener.names=CONTROLLER",
                "controller.quorum.voters=" + voters(),
                "log.dirs=" + dataDir(id),
                "http.listeners=http://" + HOST + ":" + p.http()));
        settings.addAll(extra);
        List<String> args = new ArrayList<>();
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    private static Properties load(Path file, int nodes) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        if (!Integer.toString(nodes).equals(p.getProperty("nodes"))) {
            p.clear();
        }
        return p;
    }

    private void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("nodes", Integer.toString(ports.size()));
        for (int id = 1; id <= ports.size(); id++) {
            p.setProperty("node." + id + ".controller.port", Integer.toString(ports(id).controller()));
            p.setProperty("node." + id + ".http.port", Integer.toString(ports(id).http()));
        }
        try (OutputStream out = Files.newOutputStream(base.resolve(FILE))) {
            p.store(out, "Ports of the local cluster's nodes (tributary cluster up)");
        }
    }

    /** The recorded port under {@code key} if any, else a free one; never one already taken. */
    private static int port(Properties saved, String key, Set<Integer> taken, String what) throws IOException {
        String recorded = saved.getProperty(key);
        if (recorded != null) {
            int port = Integer.parseInt(recorded.trim());
            if (taken.add(port)) {
                requireFree(port, "the port of " + what, "remove " + FILE + " from the base directory to choose "
                        + "new ports (a cluster whose metadata knows the old ones then needs a new --base-dir)");
                return port;
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                port = s.getLocalPort();
            }
            if (taken.add(port)) {
                return port;
            }
        }
        throw new IOException("no free port found for " + what);
    }

    private static void requireFree(int port, String what, String hint) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, HOST + ":" + port + " (" + what + ") is in use", hint);
        }
    }
}
