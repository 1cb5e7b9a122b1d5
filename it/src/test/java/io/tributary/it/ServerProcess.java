package io.tributary.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tributary server in a separate JVM, started with the test classpath through the real entry
 * point ({@code io.tributary.server.Main server --set ...}), for tests that kill it.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Tributary ready on (\\S+)");
    private static final Pattern HTTP = Pattern.compile("HTTP on (\\S+)");

    private final Process process;
    private final String bootstrap;
    private final String http;
    private final Path log;

    private ServerProcess(Process process, String readyLine, Path log) {
        this.process = process;
        Matcher ready = READY.matcher(readyLine);
        this.bootstrap = ready.find() ? ready.group(1) : readyLine;
        Matcher http = HTTP.matcher(readyLine);
        this.http = http.find() ? http.group(1) : null;
        this.log = log;
    }

    /** The base URL of the node's HTTP listener ({@code /metrics}, {@code /cluster/metadata}), or null. */
    public String httpUrl() {
        return http;
    }

    /** Starts a server on an ephemeral loopback port and waits (bounded) until it is ready. */
    public static ServerProcess start(Path dataDir, Path logFile, String... extraSettings) throws IOException {
        return start(List.of(), dataDir, logFile, extraSettings);
    }

    /**
     * Starts a server through {@code launcher} (a command that runs its arguments in place, keeping
     * the process id, such as {@code ip netns exec <name>}; empty for none) and waits (bounded) until
     * it is ready.
     */
    public static ServerProcess start(List<String> launcher, Path dataDir, Path logFile, String... extraSettings)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(java, "-Xmx512m", "-cp", classpath, "io.tributary.server.Main",
                "server", "--set", "listeners=PLAINTEXT://127.0.0.1:0", "--set", "http.listeners=http://127.0.0.1:0",
                "--set", "log.dirs=" + dataDir));
        for (String s : extraSettings) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, logFile, ready), "server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            String bootstrap = ready.get(60, TimeUnit.SECONDS);
            return new ServerProcess(p, bootstrap, logFile);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("server did not become ready; see " + logFile, e);
        }
    }

    private static void pump(Process p, Path logFile, CompletableFuture<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                var out = java.nio.file.Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("server exited with " + p.exitValue()));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM and wait (bounded) for a clean exit; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not stop on SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
