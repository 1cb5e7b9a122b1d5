package io.tributary.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Several Tributary nodes in this process forming one cluster: every node is a broker and a voter
 * of the metadata quorum, on loopback, each with its own data directory. For tests:
 *
 * <pre>{@code
 * try (TributaryCluster cluster = TributaryCluster.embedded(3).start()) {
 *     props.put("bootstrap.servers", cluster.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Nodes are started together (each waits for a quorum), can be stopped and started again on
 * their data. Not thread-safe: driven by one test thread.
 */
public final class TributaryCluster implements AutoCloseable {

    private final List<Map<String, String>> configs;
    private final List<Path> dirs;
    private final Path root;
    private final Tributary[] nodes;

    private TributaryCluster(List<Map<String, String>> configs, List<Path> dirs, Path root) {
        this.configs = configs;
        this.dirs = dirs;
        this.root = root;
        this.nodes = new Tributary[configs.size()];
    }

    /** A builder for {@code size} nodes, ids 1..size. */
    public static Builder embedded(int size) {
        return new Builder(size);
    }

    /** Starts every node that is not running, together; returns once all are registered. */
    public TributaryCluster start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                int index = i;
                starts.add(CompletableFuture.runAsync(() -> nodes[index] = startNode(index), task -> {
                    Thread t = new Thread(task, "tributary-cluster-start-" + (index + 1));
                    t.setDaemon(true);
                    t.start();
                }));
            }
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return this;
    }

    private Tributary startNode(int index) {
        Tributary.Builder b = Tributary.embedded().dataDir(dirs.get(index));
        configs.get(index).forEach(b::config);
        return b.start();
    }

    /** The node with id {@code nodeId} (1-based), or null when it is stopped. */
    public Tributary node(int nodeId) {
        return nodes[nodeId - 1];
    }

    public int size() {
        return nodes.length;
    }

    /** Cleanly stops node {@code nodeId} (controlled shutdown); its data stays. */
    public void stop(int nodeId) {
        Tributary n = nodes[nodeId - 1];
        nodes[nodeId - 1] = null;
        if (n != null) {
            n.close();
        }
    }

    /** host:port of every running node's Kafka listener. */
    public String bootstrapServers() {
        List<String> out = new ArrayList<>();
        for (Tributary n : nodes) {
            if (n != null) {
                out.add(n.bootstrapServers());
            }
        }
        return String.join(",", out);
    }

    /** The node id of the active controller, or -1 when none is known. */
    public int activeController() {
        for (Tributary n : nodes) {
            if (n != null && n.broker().quorum().isActive()) {
                return n.config().nodeId();
            }
        }
        return -1;
    }

    /** Stops every node and deletes the data. */
    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i + 1);
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** Builds a cluster; every setting can be given for all nodes. */
    public static final class Builder {

        private final int size;
        private final Map<String, String> common = new LinkedHashMap<>();
        private final Map<Integer, Map<String, String>> perNode = new LinkedHashMap<>();

        private Builder(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            this.size = size;
        }

        /** Sets one server config on every node. */
        public Builder config(String key, String value) {
            common.put(key, value);
            return this;
        }

        /** Sets one server config on node {@code nodeId} (1-based) only, e.g. its {@code broker.rack}. */
        public Builder config(int nodeId, String key, String value) {
            perNode.computeIfAbsent(nodeId, id -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** The cluster, not yet started. */
        public TributaryCluster build() {
            Path root;
            List<Integer> ports = new ArrayList<>();
            try {
                root = Files.createTempDirectory("tributary-cluster-");
                for (int i = 0; i < size; i++) {
                    ports.add(freePort());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String voters = java.util.stream.IntStream.range(0, size)
                    .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)).collect(Collectors.joining(","));
            List<Map<String, String>> configs = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("node.id", Integer.toString(i + 1));
                c.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + ports.get(i));
                c.put("controller.listener.names", "CONTROLLER");
                c.put("controller.quorum.voters", voters);
                c.putAll(common);
                c.putAll(perNode.getOrDefault(i + 1, Map.of()));
                configs.add(c);
                dirs.add(root.resolve("node-" + (i + 1)));
            }
            return new TributaryCluster(configs, dirs, root);
        }

        /** Builds and starts the cluster. */
        public TributaryCluster start() {
            return build().start();
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
