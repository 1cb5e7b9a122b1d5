package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary cluster up -n 3} as a process: it prints a bootstrap address where the Java
 * Admin client sees three brokers, and a SIGTERM to it stops every node process before it exits.
 */
class ClusterUpTest {

    @TempDir
    Path base;

    @Test
    void startsThreeNodesAndStopsThemAllOnSigterm() throws Exception {
        int port = threeFreePorts();
        List<String> cmd = CliProcess.javaCommand();
        cmd.addAll(List.of("cluster", "up", "-n", "3", "--base-dir", base.toString(), "--port",
                Integer.toString(port)));
        Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(cli.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<" + e + ">");
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<ProcessHandle> nodes = new ArrayList<>();
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> bootstrap(lines).isPresent() || !cli.isAlive());
            assertThat(cli.isAlive()).as("cluster up is running: %s", lines).isTrue();
            String bootstrap = bootstrap(lines).orElseThrow();
            assertThat(bootstrap).isEqualTo("127.0.0.1:" + port + ",127.0.0.1:" + (port + 1) + ",127.0.0.1:"
                    + (port + 2));
            nodes.addAll(cli.toHandle().children().toList());
            assertThat(nodes).hasSize(3).allSatisfy(n -> assertThat(n.isAlive()).isTrue());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                        assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                                .extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3));
            }
            for (int id = 1; id <= 3; id++) {
                assertThat(base.resolve("node-" + id)).isDirectory();
                assertThat(Files.readString(base.resolve("node-" + id + ".log"))).contains("Tributary ready on");
            }

            cli.toHandle().destroy(); // SIGTERM, leaving its output readable (Process.destroy closes it)

            assertThat(cli.waitFor(90, TimeUnit.SECONDS)).as("cluster up exited: %s", lines).isTrue();
            assertThat(nodes).allSatisfy(n -> assertThat(n.isAlive()).as("node process %d", n.pid()).isFalse());
            reader.join(10_000);
            System.out.println(String.join("\n", lines));
            assertThat(lines).as("the command's output").contains("Cluster stopped.");
            assertThat(lines).contains("Node 1 stopped", "Node 2 stopped", "Node 3 stopped");
        } finally {
            cli.destroyForcibly();
            nodes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<String> bootstrap(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith("Bootstrap: ")).map(l -> l.substring(11).trim())
                    .findFirst();
        }
    }

    /** A port p with p, p+1 and p+2 free on loopback. */
    private static int threeFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 2 <= 65535 && free(p + 1) && free(p + 2)) {
                return p;
            }
        }
        throw new IOException("no three consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
