package io.tributary.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tributary cluster up}: a local cluster of N nodes, each a child process running the
 * server (broker and voter of the metadata quorum) on loopback ports ({@link LocalClusterLayout}).
 * It waits until every node is ready, prints the bootstrap address and the nodes, and runs until
 * it is interrupted (Ctrl-C, SIGTERM): a shutdown hook then sends SIGTERM to every node and waits
 * a bounded time for each to close cleanly (killing one that does not) before this process exits.
 * A node that exits on its own stops the others too (exit code 1).
 *
 * <p>The nodes run {@code bin/tributary server} when started through the launcher (it names itself
 * in the {@code tributary.launcher} system property), else the server's main class on this JVM's
 * classpath.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a local cluster of N nodes (child processes); Ctrl-C stops them all.")
final class ClusterUp implements Callable<Integer> {

    static final String LAUNCHER_PROPERTY = "tributary.launcher";
    private static final String SERVER_MAIN = "io.tributary.server.Main";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--nodes"}, paramLabel = "N", defaultValue = "3",
            description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = "data/cluster",
            description = "Directory of the nodes' data (node-N) and output (node-N.log) (default: ${DEFAULT-VALUE}).")
    Path baseDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Kafka port of node 1; node N listens on PORT+N-1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A server setting for every node (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--ready-timeout", paramLabel = "MS", defaultValue = "180000",
            description = "How long to wait for every node to be ready, in milliseconds (default: ${DEFAULT-VALUE}).")
    long readyTimeoutMs;

    @Option(names = "--stop-timeout", paramLabel = "MS", defaultValue = "30000",
            description = "How long to wait for the nodes to stop before killing them (default: ${DEFAULT-VALUE}).")
    long stopTimeoutMs;

    private final List<LocalNode> running = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 64) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 64, got " + nodes);
        }
        if (port < 1 || port + nodes - 1 > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " leaves no room for " + nodes
                    + " nodes");
        }
        for (String s : settings) {
            if (s.indexOf('=') <= 0) {
                throw new ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + s + "'");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Path base = baseDir.toAbsolutePath().normalize();
        LocalClusterLayout layout = LocalClusterLayout.plan(base, nodes, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(out), "tributary-cluster-stop"));
        out.println("Starting " + nodes + " node(s) under " + base + " ...");
        out.flush();
        List<CompletableFuture<String>> readies = new ArrayList<>();
        synchronized (running) {
            for (int id = 1; id <= nodes && !stopping.get(); id++) {
                LocalNode node = new LocalNode(id, layout.ports(id), layout.dataDir(id), layout.logFile(id));
                List<String> command = new ArrayList<>(serverCommand());
                command.addAll(layout.serverArgs(id, settings));
                node.start(command);
                running.add(node);
                readies.add(node.ready());
            }
        }
        if (!awaitReady(readies, out)) {
            return ExitCodes.FAILED;
        }
        printCluster(out, layout);
        return awaitFirstExit(out);
    }

    /** True once every node is ready; false (nodes stopped, reason printed) if one failed or time ran out. */
    private boolean awaitReady(List<CompletableFuture<String>> readies, PrintWriter out) throws InterruptedException {
        try {
            CompletableFuture.allOf(readies.toArray(CompletableFuture[]::new)).get(readyTimeoutMs,
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            if (stopping.get()) {
                return false;
            }
            PrintWriter err = spec.commandLine().getErr();
            for (LocalNode n : running) {
                if (!n.ready().isDone() || n.ready().isCompletedExceptionally()) {
                    err.println("tributary: node " + n.id() + (n.process().isAlive()
                            ? " was not ready within " + readyTimeoutMs + " ms"
                            : " exited with code " + n.process().exitValue()) + "; its last output ("
                            + n.logFile() + "):");
                    n.tail().forEach(line -> err.println("  " + line));
                }
            }
            err.flush();
            stopAll(out);
            return false;
        }
    }

    private void printCluster(PrintWriter out, LocalClusterLayout layout) {
        out.println("Cluster ready: " + nodes + " node(s), each a broker and a voter of the metadata quorum.");
        out.println("Bootstrap: " + layout.bootstrap());
        List<List<String>> rows = new ArrayList<>();
        for (LocalNode n : running) {
            LocalClusterLayout.Ports p = n.ports();
            rows.add(List.of(Integer.toString(n.id()), LocalClusterLayout.HOST + ":" + p.kafka(),
                    LocalClusterLayout.HOST + ":" + p.controller(), "http://" + LocalClusterLayout.HOST + ":" + p.http(),
                    Long.toString(n.process().pid()), n.dataDir().toString()));
        }
        Output.table(out, List.of("NODE", "KAFKA", "CONTROLLER", "HTTP", "PID", "DATA"), rows);
        out.println("Try: export TRIBUTARY_BOOTSTRAP=" + layout.bootstrap() + "; bin/tributary cluster info");
        out.println("Press Ctrl-C to stop the cluster.");
        out.flush();
    }

    /** Waits until a node exits; unless the cluster is being stopped, stops the others and fails. */
    private int awaitFirstExit(PrintWriter out) throws InterruptedException {
        List<CompletableFuture<Process>> exits = running.stream().map(n -> n.process().onExit()).toList();
        try {
            CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            // onExit never fails
        }
        if (stopping.get()) {
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (LocalNode n : running) {
            if (!n.process().isAlive()) {
                err.println("tributary: node " + n.id() + " exited with code " + n.process().exitValue()
                        + " (output: " + n.logFile() + "); stopping the others");
            }
        }
        err.flush();
        stopAll(out);
        return ExitCodes.FAILED;
    }

    /** Stops every node once: SIGTERM to all, then a bounded wait for each. */
    private void stopAll(PrintWriter out) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        List<LocalNode> nodesToStop;
        synchronized (running) {
            nodesToStop = List.copyOf(running);
        }
        if (nodesToStop.isEmpty()) {
            return;
        }
        out.println("Stopping " + nodesToStop.size() + " node(s) ...");
        out.flush();
        nodesToStop.forEach(LocalNode::terminate);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMs);
        for (LocalNode n : nodesToStop) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                boolean clean = n.awaitExit(left);
                out.println("Node " + n.id() + (clean ? " stopped" : " did not stop in time and was killed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                n.process().destroyForcibly();
            }
            out.flush();
        }
        out.println("Cluster stopped.");
        out.flush();
    }

    /** How a node is started: the launcher when known, else the server's main class on this classpath. */
    static List<String> serverCommand() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher != null && !launcher.isBlank()) {
            return List.of(launcher, "server");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SERVER_MAIN, "server");
    }
}
