package io.tributary.it.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private network for the fault matrix, created and removed by this class alone: a bridge
 * {@value #BRIDGE} in the root namespace with the address {@value #PREFIX}1/24 (where the test's
 * clients live), and for node {@code i} a network namespace {@code tfm-n<i>} joined to the bridge by a
 * veth pair ({@code tfmv<i>} on the bridge, {@code tfmv<i>p} inside) with the address
 * {@value #PREFIX}(10+i). Faults are {@code iptables} rules and {@code tc} qdiscs inside the node
 * namespaces only, so no other interface, address or rule of the machine is touched. Needs root and
 * {@code ip netns}; {@link #unavailableReason()} says why not when it cannot run.
 *
 * <p>Everything created is removed by {@link #close} (also run by a JVM shutdown hook should the test
 * JVM exit without closing); leftovers of a killed run, which carry the same fixed names, are removed
 * before creating. Not thread-safe: one driving thread.
 */
final class NetworkNamespaces implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkNamespaces.class);
    static final String BRIDGE = "tfmbr0";
    static final String PREFIX = "10.213.77.";
    private static final String CHAIN_TAG = "tributary-fault-matrix";

    private final int nodes;
    private final Thread cleanupHook;
    private boolean closed;

    private NetworkNamespaces(int nodes) {
        this.nodes = nodes;
        this.cleanupHook = new Thread(this::removeAll, "netns-cleanup");
    }

    /** Null when namespaces can be used here, else why not (for a JUnit assumption). */
    static String unavailableReason() {
        try {
            if (!run(List.of("id", "-u"), false).trim().equals("0")) {
                return "network faults need root (ip netns, iptables); not root here";
            }
            if (exit(List.of("ip", "netns", "list")) != 0) {
                return "`ip netns` is not available (apt-get install -y iproute2)";
            }
            if (exit(List.of("iptables", "-V")) != 0) {
                return "`iptables` is not available (apt-get install -y iptables)";
            }
            return null;
        } catch (IOException e) {
            return "cannot run ip/iptables: " + e.getMessage();
        }
    }

    static String namespace(int node) {
        return "tfm-n" + node;
    }

    private static String hostVeth(int node) {
        return "tfmv" + node;
    }

    private static String innerVeth(int node) {
        return "tfmv" + node + "p";
    }

    /** The address of node {@code node} (1-based). */
    static String address(int node) {
        return PREFIX + (10 + node);
    }

    /** Creates the bridge and one namespace per node (1..nodes). */
    static NetworkNamespaces create(int nodes) throws IOException {
        NetworkNamespaces net = new NetworkNamespaces(nodes);
        net.removeAll();
        Runtime.getRuntime().addShutdownHook(net.cleanupHook);
        try {
            sh("ip", "link", "add", BRIDGE, "type", "bridge");
            sh("ip", "addr", "add", PREFIX + "1/24", "dev", BRIDGE);
            sh("ip", "link", "set", BRIDGE, "up");
            for (int i = 1; i <= nodes; i++) {
                String ns = namespace(i);
                sh("ip", "netns", "add", ns);
                sh("ip", "link", "add", hostVeth(i), "type", "veth", "peer", "name", innerVeth(i));
                sh("ip", "link", "set", innerVeth(i), "netns", ns);
                sh("ip", "link", "set", hostVeth(i), "master", BRIDGE, "up");
                sh("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", innerVeth(i));
                sh("ip", "-n", ns, "link", "set", innerVeth(i), "up");
                sh("ip", "-n", ns, "link", "set", "lo", "up");
            }
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        LOG.info("created {} network namespaces on bridge {} ({}0/24)", nodes, BRIDGE, PREFIX);
        return net;
    }

    /** The command prefix that runs a process inside node {@code node}'s namespace, keeping its pid. */
    List<String> launcher(int node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    /** Node {@code node} drops every packet from {@code from} (a one-way cut: it still sends to it). */
    void dropFrom(int node, int from) throws IOException {
        inNs(node, "iptables", "-w", "-A", "INPUT", "-s", address(from), "-m", "comment", "--comment", CHAIN_TAG,
                "-j", "DROP");
    }

    /** Cuts the link between {@code a} and {@code b} both ways. */
    void cut(int a, int b) throws IOException {
        dropFrom(a, b);
        dropFrom(b, a);
    }

    /** Node {@code node} drops each packet it receives (from anyone, clients too) with probability {@code p}. */
    void loss(int node, double p) throws IOException {
        inNs(node, "iptables", "-w", "-A", "INPUT", "-i", innerVeth(node), "-m", "statistic", "--mode", "random",
                "--probability", Double.toString(p), "-m", "comment", "--comment", CHAIN_TAG, "-j", "DROP");
    }

    /** Whether this kernel has {@code tc netem} (probed in node 1's namespace, then removed). */
    boolean netemAvailable() throws IOException {
        List<String> add = List.of("ip", "netns", "exec", namespace(1), "tc", "qdisc", "add", "dev", innerVeth(1),
                "root", "netem", "delay", "1ms");
        if (exit(add) != 0) {
            return false;
        }
        exit(List.of("ip", "netns", "exec", namespace(1), "tc", "qdisc", "del", "dev", innerVeth(1), "root"));
        return true;
    }

    /** {@code tc qdisc add ... netem <args>} on node {@code node}'s interface (its outgoing packets). */
    void netem(int node, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", innerVeth(node), "root", "netem"));
        cmd.addAll(List.of(args));
        inNs(node, cmd.toArray(String[]::new));
    }

    /** Removes every rule and qdisc this class added; the namespaces stay. */
    void heal() throws IOException {
        for (int i = 1; i <= nodes; i++) {
            inNs(i, "iptables", "-w", "-F", "INPUT");
            inNs(i, "iptables", "-w", "-F", "OUTPUT");
            exit(List.of("ip", "netns", "exec", namespace(i), "tc", "qdisc", "del", "dev", innerVeth(i), "root"));
        }
    }

    /** The iptables rules and qdiscs in force, for a report. */
    String describe() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            out.append(namespace(i)).append(":\n")
                    .append(run(List.of("ip", "netns", "exec", namespace(i), "iptables", "-w", "-S", "INPUT"), false))
                    .append(run(List.of("ip", "netns", "exec", namespace(i), "tc", "qdisc", "show"), false));
        }
        return out.toString();
    }

    private void inNs(int node, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(launcher(node));
        full.addAll(List.of(cmd));
        run(full, true);
    }

    /** Deletes the namespaces (their veth ends go with them), the host veths and the bridge. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or the hook was never added
        }
    }

    private void removeAll() {
        try {
            for (int i = 1; i <= nodes; i++) {
                exit(List.of("ip", "netns", "del", namespace(i)));
                exit(List.of("ip", "link", "del", hostVeth(i)));
            }
            exit(List.of("ip", "link", "del", BRIDGE));
        } catch (IOException e) {
            LOG.warn("cleaning up the fault matrix's namespaces failed; remove tfm-n*, tfmv* and {} by hand",
                    BRIDGE, e);
        }
    }

    private static void sh(String... cmd) throws IOException {
        run(List.of(cmd), true);
    }

    private static int exit(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 20 s");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private static String run(List<String> cmd, boolean check) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 20 s");
            }
            if (check && p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
