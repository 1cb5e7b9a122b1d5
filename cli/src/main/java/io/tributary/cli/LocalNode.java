package io.tributary.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node of a local cluster: a child process running the server, its output copied to a log
 * file by a daemon thread that also notices the server's ready line. Stopping sends SIGTERM
 * (the server's shutdown hook closes it cleanly), then waits a bounded time before killing it.
 *
 * <p>Thread-safety: started and stopped from one thread at a time (the command or its shutdown
 * hook); {@link #ready} completes on the output thread.
 */
final class LocalNode {

    /** The line the server prints once it serves clients (io.tributary.server.Main). */
    static final String READY_PREFIX = "Tributary ready on ";
    private static final int TAIL_LINES = 20;

    private final int id;
    private final LocalClusterLayout.Ports ports;
    private final Path dataDir;
    private final Path logFile;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private Process process;

    LocalNode(int id, LocalClusterLayout.Ports ports, Path dataDir, Path logFile) {
        this.id = id;
        this.ports = ports;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    int id() {
        return id;
    }

    LocalClusterLayout.Ports ports() {
        return ports;
    }

    Path dataDir() {
        return dataDir;
    }

    Path logFile() {
        return logFile;
    }

    Process process() {
        return process;
    }

    /** Starts the node's process with {@code command}; its output goes to the log file. */
    void start(List<String> command) throws IOException {
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // a node reads no input
        Thread copier = new Thread(this::copyOutput, "tributary-node-" + id + "-output");
        copier.setDaemon(true);
        copier.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException(
                "node " + id + " exited with code " + process.exitValue() + " before it was ready")));
    }

    /** Completes with the node's bootstrap address once it prints its ready line. */
    CompletableFuture<String> ready() {
        return ready;
    }

    private void copyOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                remember(line);
                if (line.startsWith(READY_PREFIX)) {
                    String rest = line.substring(READY_PREFIX.length());
                    int space = rest.indexOf(' ');
                    ready.complete(space < 0 ? rest : rest.substring(0, space));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The last lines the node printed. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /**
     * Sends SIGTERM (a clean shutdown) if the process is alive, through its handle: unlike
     * {@link Process#destroy} that leaves its output open, so its last lines still reach the log.
     */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.toHandle().destroy();
        }
    }

    /** Waits at most {@code millis} for the process to exit, then kills it; true if it exited by itself. */
    boolean awaitExit(long millis) throws InterruptedException {
        if (process == null) {
            return true;
        }
        if (process.waitFor(Math.max(0, millis), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return false;
    }
}
