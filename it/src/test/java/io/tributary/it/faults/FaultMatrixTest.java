package io.tributary.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.it.history.Anomaly;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster fault matrix (docs/reliability.md): three Tributary processes, each a broker and a voter,
 * shared by the whole class; per fault a topic with replication factor 3, {@code min.insync.replicas=2},
 * written by producers with {@code acks=all} and idempotence and read by the verifying consumer while the
 * nemesis injects the fault; after healing everything acknowledged must be read back, and the checker
 * must find no lost, duplicated or moved record and no consumer going backwards or skipping.
 *
 * <p>As root with {@code ip netns} the nodes run in network namespaces and the network faults run too;
 * elsewhere (or with {@code -Dfaults.loopback=true}) the nodes run on loopback and the network faults are
 * skipped with the reason. Properties: {@code -Dfaults.minutes=N} repeats each fault for N minutes (the
 * long run; default: the short CI run, each fault injected once or twice); {@code -Dfaults.only=R1,R4}
 * runs only the faults whose names start with one of those; {@code -Dfaults.rf=1} runs the mechanics
 * without replication (for developing the harness: the test then proves nothing about replication);
 * {@code -Dfaults.offsets.rf=1} gives {@code __consumer_offsets} one replica instead of the topic's.
 * A cluster that refuses replication factor 3 fails every fault with that reason.
 */
class FaultMatrixTest {

    private static final Logger LOG = LoggerFactory.getLogger(FaultMatrixTest.class);
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final int RF = Integer.getInteger("faults.rf", 3);

    private static FaultCluster cluster;
    private static String noNamespaces;
    private static boolean netem;

    /** The node settings of the matrix's clusters. */
    static List<String> settings(int rf, String... more) {
        List<String> s = new java.util.ArrayList<>(List.of(
                "broker.session.timeout.ms=" + SESSION_TIMEOUT.toMillis(), "broker.heartbeat.interval.ms=500",
                "replica.lag.time.max.ms=5000", "replica.socket.timeout.ms=5000",
                "unclean.leader.election.enable=false",
                "offsets.topic.num.partitions=1",
                "offsets.topic.replication.factor=" + Integer.getInteger("faults.offsets.rf", rf),
                "group.initial.rebalance.delay.ms=0"));
        s.addAll(List.of(more));
        return s;
    }

    /** Namespaces when they can be had and are wanted, else null (and {@code noNamespaces} says why). */
    static NetworkNamespaces namespaces() throws Exception {
        noNamespaces = Boolean.getBoolean("faults.loopback") ? "-Dfaults.loopback=true"
                : NetworkNamespaces.unavailableReason();
        return noNamespaces == null ? NetworkNamespaces.create(3) : null;
    }

    @BeforeAll
    static void start() throws Exception {
        NetworkNamespaces net = namespaces();
        try {
            netem = net != null && net.netemAvailable();
            Path dir = FaultCluster.freshDir(FaultRun.OUT.resolve("fault-matrix-nodes"));
            cluster = FaultCluster.create(dir, net, 3, settings(RF));
        } catch (Exception | Error e) {
            if (net != null) {
                net.close();
            }
            throw e;
        }
        cluster.startAll();
        LOG.info("fault matrix cluster: {} ({}), rf {}", cluster.bootstrapServers(),
                net == null ? "loopback: " + noNamespaces : "network namespaces", RF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void noAcknowledgedWriteIsLostDuplicatedOrMoved(Fault fault) throws Exception {
        assumeSelected(fault);
        assumeTrue(fault.needs() == Fault.Needs.PROCESSES || cluster.net() != null,
                () -> fault + " needs the nodes in network namespaces, which this run does not have: " + noNamespaces);
        assumeTrue(fault.needs() != Fault.Needs.NETEM || netem, () -> fault
                + " needs tc netem, which this kernel lacks (CONFIG_NET_SCH_NETEM); R5_PACKET_LOSS covers loss");
        Duration longRun = Duration.ofMinutes(Long.getLong("faults.minutes", 0));
        String name = "faults-" + fault.name().toLowerCase(java.util.Locale.ROOT) + (RF == 3 ? "" : "-rf" + RF);
        FaultRun.Outcome o = FaultRun.run(cluster, new FaultRun.Plan(name, fault.topic(), 3, RF, fault.nemesis(),
                fault.shortRounds(), longRun, SESSION_TIMEOUT));
        String report = o.describe();
        assertThat(o.nemesisFailure()).as("the nemesis and the healing ran to the end; %s", report).isNull();
        assertThat(o.faults()).as("faults injected").isPositive();
        assertThat(o.finalReadComplete()).as("final read complete; %s", report).isTrue();
        assertThat(o.progressAfterHealing()).as("acknowledgements after healing; %s", report).isTrue();
        for (Anomaly a : List.of(Anomaly.LOST, Anomaly.UNSEEN, Anomaly.DUPLICATE, Anomaly.INCONSISTENT_OFFSET,
                Anomaly.POLL_BACKWARDS, Anomaly.POLL_SKIP)) {
            assertThat(o.check().count(a)).as("%s; %s", a, report).isZero();
        }
        assertThat(o.check().valid()).as(report).isTrue();
    }

    private static void assumeSelected(Fault fault) {
        String only = System.getProperty("faults.only", "");
        assumeTrue(only.isBlank() || Arrays.stream(only.split(",")).map(String::trim)
                .anyMatch(p -> !p.isEmpty() && fault.name().startsWith(p)),
                () -> fault + " not in -Dfaults.only=" + only);
    }
}
