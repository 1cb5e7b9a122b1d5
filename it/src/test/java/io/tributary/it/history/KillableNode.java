package io.tributary.it.history;

import io.tributary.it.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Tributary node in its own process ({@link ServerProcess}) that keeps its data directory and
 * its Kafka port across kills and restarts, so clients given its bootstrap string once reconnect to
 * it by themselves. Not thread-safe: the test's driving thread starts, kills and restarts it.
 */
final class KillableNode implements AutoCloseable {

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final List<String> settings;
    private final History history;
    private ServerProcess process;
    private int kills;

    KillableNode(History history, Path dataDir, Path logFile, String... settings) throws IOException {
        this.history = history;
        this.dataDir = dataDir;
        this.logFile = logFile;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        this.settings = new ArrayList<>(List.of(settings));
        this.settings.add("listeners=PLAINTEXT://127.0.0.1:" + port);
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    History history() {
        return history;
    }

    Path dataDir() {
        return dataDir;
    }

    int kills() {
        return kills;
    }

    void start() throws IOException {
        if (process != null) {
            throw new IllegalStateException("already running");
        }
        history.record(Op.of("nemesis", Op.Type.FAULT).withError("start node on " + bootstrap()));
        process = ServerProcess.start(dataDir, logFile, settings.toArray(String[]::new));
        if (!process.bootstrapServers().equals(bootstrap())) {
            throw new IllegalStateException("node listens on " + process.bootstrapServers() + ", not " + bootstrap());
        }
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        history.record(Op.of("nemesis", Op.Type.FAULT).withError("kill -9 node"));
        process.kill();
        process = null;
        kills++;
    }

    /** SIGSTOP: the process is frozen, its sockets stay open and the kernel still accepts connections. */
    void pause() throws IOException, InterruptedException {
        history.record(Op.of("nemesis", Op.Type.FAULT).withError("SIGSTOP node"));
        signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        history.record(Op.of("nemesis", Op.Type.FAULT).withError("SIGCONT node"));
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, waiting (bounded) for a clean exit. */
    void terminate() throws InterruptedException {
        history.record(Op.of("nemesis", Op.Type.FAULT).withError("SIGTERM node"));
        int code = process.terminate();
        process = null;
        if (code != 143) {
            throw new IllegalStateException("node exited with " + code + " on SIGTERM; see " + logFile);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}
