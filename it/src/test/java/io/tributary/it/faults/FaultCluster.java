package io.tributary.it.faults;

import io.tributary.it.ServerProcess;
import io.tributary.it.history.History;
import io.tributary.it.history.Op;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of Tributary nodes in separate processes for the fault matrix, each a broker and a voter
 * of the metadata quorum, with control of every node: SIGKILL, SIGTERM, SIGSTOP/SIGCONT and restart
 * on the same data directory and addresses (so clients given {@link #bootstrapServers()} once find
 * the nodes again by themselves). On loopback (ephemeral ports fixed at construction), or, with
 * {@link NetworkNamespaces}, each node in its own network namespace at its own address, so that
 * {@link #net()} can cut and degrade links between nodes.
 *
 * <p>Every fault is recorded as a {@link Op.Type#FAULT} op in the current history ({@link #record}), so
 * a history can be read next to what was done to the nodes. Not thread-safe: one driving thread.
 */
final class FaultCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultCluster.class);
    private static final long ADMIN_TIMEOUT_MS = 10_000;

    /** Where node {@code id} listens. */
    record Address(String host, int kafkaPort, int controllerPort) {
        String bootstrap() {
            return host + ":" + kafkaPort;
        }
    }

    private final Path dir;
    private final NetworkNamespaces net;
    private final List<String> settings;
    private final Address[] addresses;
    private final ServerProcess[] processes;
    private final boolean[] paused;
    private volatile History history;
    private Admin admin;

    private FaultCluster(Path dir, NetworkNamespaces net, int size, List<String> settings) throws IOException {
        this.dir = dir;
        this.net = net;
        this.settings = List.copyOf(settings);
        this.addresses = new Address[size];
        this.processes = new ServerProcess[size];
        this.paused = new boolean[size];
        for (int i = 0; i < size; i++) {
            addresses[i] = net != null ? new Address(NetworkNamespaces.address(i + 1), 9092, 9093)
                    : new Address("127.0.0.1", freePort(), freePort());
        }
    }

    /** A cluster of {@code size} nodes on loopback, or in {@code net}'s namespaces when not null; not started. */
    static FaultCluster create(Path dir, NetworkNamespaces net, int size, List<String> settings) throws IOException {
        return new FaultCluster(dir, net, size, settings);
    }

    /**
     * {@code dir} emptied (or created): the nodes' data and logs live under {@code target/} rather than
     * in a temporary directory, so that their logs outlive a failed run.
     */
    static Path freshDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int size() {
        return addresses.length;
    }

    List<Integer> ids() {
        return IntStream.rangeClosed(1, size()).boxed().toList();
    }

    /** The namespaces the nodes run in, or null on loopback. */
    NetworkNamespaces net() {
        return net;
    }

    /** Where faults are recorded from now on (null: nowhere). */
    void record(History h) {
        this.history = h;
    }

    /** Records {@code what} as a fault op in the current history and logs it. */
    void fault(String what) {
        LOG.info("nemesis: {}", what);
        History h = history;
        if (h != null) {
            h.record(Op.of("nemesis", Op.Type.FAULT).withError(what));
        }
    }

    Path dataDir(int id) {
        return dir.resolve("node-" + id);
    }

    Path logFile(int id) {
        return dir.resolve("node-" + id + ".log");
    }

    boolean running(int id) {
        return processes[id - 1] != null;
    }

    boolean paused(int id) {
        return running(id) && paused[id - 1];
    }

    /** Every node's Kafka listener, running or not. */
    String bootstrapServers() {
        return IntStream.rangeClosed(1, size()).mapToObj(this::bootstrap).collect(Collectors.joining(","));
    }

    String bootstrap(int id) {
        return addresses[id - 1].bootstrap();
    }

    /** Starts every node that is not running, together (a node waits for a quorum before it is ready). */
    void startAll() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int id : ids()) {
            if (!running(id)) {
                starts.add(CompletableFuture.runAsync(() -> {
                    try {
                        start(id);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                }));
            }
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts node {@code id} on its data and addresses and waits (bounded) until it is ready. */
    void start(int id) throws IOException {
        if (running(id)) {
            throw new IllegalStateException("node " + id + " is running");
        }
        String voters = IntStream.rangeClosed(1, size())
                .mapToObj(i -> i + "@" + addresses[i - 1].host() + ":" + addresses[i - 1].controllerPort())
                .collect(Collectors.joining(","));
        Address a = addresses[id - 1];
        List<String> s = new ArrayList<>(List.of("node.id=" + id,
                "listeners=PLAINTEXT://" + a.bootstrap() + ",CONTROLLER://" + a.host() + ":" + a.controllerPort(),
                "controller.listener.names=CONTROLLER", "controller.quorum.voters=" + voters));
        s.addAll(settings);
        List<String> launcher = net == null ? List.of() : net.launcher(id);
        fault("start node " + id);
        ServerProcess p = ServerProcess.start(launcher, dataDir(id), logFile(id), s.toArray(String[]::new));
        processes[id - 1] = p;
        paused[id - 1] = false;
    }

    /** SIGKILL of node {@code id}: no shutdown hook, no flush. */
    void kill(int id) throws InterruptedException {
        fault("kill -9 node " + id);
        processes[id - 1].kill();
        processes[id - 1] = null;
        paused[id - 1] = false;
    }

    /** SIGTERM of node {@code id} (a controlled shutdown), waiting (bounded) for it to exit; returns its code. */
    int terminate(int id) throws InterruptedException {
        fault("SIGTERM node " + id);
        int code = processes[id - 1].terminate();
        processes[id - 1] = null;
        return code;
    }

    /** SIGSTOP of node {@code id}: frozen, its sockets open, the kernel still accepting connections. */
    void pause(int id) throws IOException {
        fault("SIGSTOP node " + id);
        signal(id, "STOP");
        paused[id - 1] = true;
    }

    /** SIGCONT of node {@code id}. */
    void resume(int id) throws IOException {
        fault("SIGCONT node " + id);
        signal(id, "CONT");
        paused[id - 1] = false;
    }

    private void signal(int id, String name) throws IOException {
        long pid = processes[id - 1].pid();
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + name + " " + pid + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Undoes every fault: thaws frozen nodes, removes network rules, starts stopped nodes. */
    void heal() throws IOException {
        for (int id : ids()) {
            if (paused(id)) {
                resume(id);
            }
        }
        if (net != null) {
            fault("heal network");
            net.heal();
        }
        startAll();
    }

    /**
     * Writes a thread dump of every running node to {@code dir/<prefix>-node-<id>.jstack} (best effort,
     * bounded): what a node that does not recover was doing.
     */
    void dumpThreads(Path dir, String prefix) {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        for (int id : ids()) {
            if (!running(id)) {
                continue;
            }
            Path out = dir.resolve(prefix + "-node-" + id + ".jstack");
            try {
                Process p = new ProcessBuilder(jstack.toString(), Long.toString(processes[id - 1].pid()))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                LOG.info("thread dump of node {}: {}", id, out);
            } catch (IOException e) {
                LOG.warn("no thread dump of node {}", id, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- what the cluster says about itself ----

    /** A shared client of every node (closed with the cluster). */
    synchronized Admin admin() {
        if (admin == null) {
            admin = newAdmin(bootstrapServers());
        }
        return admin;
    }

    private static Admin newAdmin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ADMIN_TIMEOUT_MS),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500"));
    }

    /** The leader of the metadata quorum (the active controller) as {@code a} sees it. */
    static int activeController(Admin a) throws Exception {
        return a.describeMetadataQuorum().quorumInfo().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).leaderId();
    }

    int activeController() throws Exception {
        return activeController(admin());
    }

    /** Partition to leader id (-1: none) of {@code topic}, as {@code a} sees it. */
    static Map<Integer, Integer> leaders(Admin a, String topic) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : description(a, topic).partitions()) {
            out.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        }
        return out;
    }

    Map<Integer, Integer> leaders(String topic) throws Exception {
        return leaders(admin(), topic);
    }

    private static TopicDescription description(Admin a, String topic) throws Exception {
        return a.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(topic);
    }

    /** Partition to "leader:isr" of {@code topic}, for reports. */
    String describe(String topic) {
        return describe(admin(), topic);
    }

    /** Partition to "leader:isr" of {@code topic} as {@code a} sees it, for reports. */
    static String describe(Admin a, String topic) {
        try {
            Map<Integer, String> out = new TreeMap<>();
            for (TopicPartitionInfo p : description(a, topic).partitions()) {
                out.put(p.partition(), (p.leader() == null ? -1 : p.leader().id()) + ":"
                        + p.isr().stream().map(Node::id).toList());
            }
            return out.toString();
        } catch (Exception e) {
            return "(describe failed: " + e + ")";
        }
    }

    /**
     * Waits (at most {@code timeout}) until every node is registered and unfenced and, for
     * {@code topic}, every node describes the same leader and ISR for each partition, with a leader
     * and all {@code rf} replicas in the ISR. Asking every node, not any one, keeps a node whose
     * metadata is stale (a deposed leader that has not learnt it) from passing for a healed cluster.
     */
    void awaitHealthy(String topic, int rf, Duration timeout) {
        String[] last = {""};
        try {
            Awaitility.await("every broker live and every node agreeing on full ISRs of " + topic).atMost(timeout)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> healthy(topic, rf, last));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the cluster did not become healthy within " + timeout + "; last views: "
                    + last[0], e);
        }
    }

    private boolean healthy(String topic, int rf, String[] last) throws IOException {
        Map<Integer, NodeView> views = new TreeMap<>();
        for (int id : ids()) {
            views.put(id, view(id, topic));
        }
        last[0] = views.toString();
        for (NodeView v : views.values()) {
            if (!v.brokers().containsAll(ids()) || (topic != null && !v.fullIsrs(rf))) {
                return false;
            }
        }
        return views.values().stream().map(NodeView::partitions).distinct().count() == 1;
    }

    /** What node {@code id} itself says of the brokers and of {@code topic} (null: brokers only). */
    NodeView view(int id, String topic) throws IOException {
        Address a = addresses[id - 1];
        return NodeView.ask(a.host(), a.kafkaPort(), topic);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            synchronized (this) {
                if (admin != null) {
                    admin.close(Duration.ofSeconds(5));
                    admin = null;
                }
            }
            for (int i = 0; i < processes.length; i++) {
                if (processes[i] != null) {
                    processes[i].close();
                    processes[i] = null;
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }
}
