package io.tributary.it.cluster;

import io.tributary.it.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Tributary nodes as separate processes forming one cluster on loopback (each a broker and a voter),
 * for tests that kill them: {@link #kill} is SIGKILL, {@link #start} (re)starts stopped nodes on
 * their data, together, since each waits for a quorum before it is ready.
 */
final class ProcessCluster implements AutoCloseable {

    private final Path dir;
    private final List<String> settings;
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final ServerProcess[] nodes;

    ProcessCluster(Path dir, int size, String... settings) throws IOException {
        this.dir = dir;
        this.settings = List.of(settings);
        this.nodes = new ServerProcess[size];
        for (int i = 0; i < size; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                controllerPorts.add(s.getLocalPort());
            }
        }
    }

    /** Starts every node that is not running; returns once all are ready. */
    ProcessCluster start() {
        String voters = IntStream.range(0, nodes.length)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                continue;
            }
            int index = i;
            List<String> s = new ArrayList<>(List.of("node.id=" + (i + 1),
                    "listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + controllerPorts.get(i),
                    "controller.listener.names=CONTROLLER", "controller.quorum.voters=" + voters));
            s.addAll(settings);
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    nodes[index] = ServerProcess.start(dir.resolve("node-" + (index + 1)),
                            dir.resolve("node-" + (index + 1) + ".log"), s.toArray(String[]::new));
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        return this;
    }

    ServerProcess node(int nodeId) {
        return nodes[nodeId - 1];
    }

    int size() {
        return nodes.length;
    }

    /** SIGKILL of node {@code nodeId}. */
    void kill(int nodeId) throws InterruptedException {
        nodes[nodeId - 1].kill();
        nodes[nodeId - 1] = null;
    }

    /** SIGTERM of node {@code nodeId}: a controlled shutdown. */
    int terminate(int nodeId) throws InterruptedException {
        int code = nodes[nodeId - 1].terminate();
        nodes[nodeId - 1] = null;
        return code;
    }

    /** The running nodes' Kafka listeners. */
    String bootstrapServers() {
        List<String> out = new ArrayList<>();
        for (ServerProcess n : nodes) {
            if (n != null) {
                out.add(n.bootstrapServers());
            }
        }
        return String.join(",", out);
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                nodes[i].close();
                nodes[i] = null;
            }
        }
    }
}
