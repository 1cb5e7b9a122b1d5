import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Client-side helper of bench/run.sh --cluster (bench/cluster.py); identical for every cluster under test.
 * BOOTSTRAPS is a comma-separated list of the nodes' Kafka listeners.
 *
 * <pre>
 *   ready    BOOTSTRAPS TIMEOUT_MS BROKERS RF TOPIC PIDS|-
 *            all-ready: polls every 5 ms, at the protocol level (ApiVersions, Metadata, CreateTopics, one TCP
 *            connection per attempt, no client library retries in between) until the Metadata response of
 *            every node lists BROKERS brokers (a KRaft broker lists only registered, unfenced brokers) and
 *            then a CreateTopics of TOPIC (1 partition, replication factor RF) through one of the nodes
 *            succeeds; prints "READY epoch_ms=...". A refusal of RF as not supported (INVALID_REPLICATION_FACTOR
 *            with "not supported", "not yet supported" or "unsupported" in its message) prints
 *            "RF_UNSUPPORTED ..." and goes on with RF 1. With "-"
 *            the classes are loaded first, "WAITING" is printed and the pids are read from stdin.
 *   failover BOOTSTRAPS TIMEOUT_MS TOPIC
 *            loads its classes, prints "WAITING", reads a line from stdin (sent right after the kill), then
 *            sends CreateTopics of TOPIC (1 partition, replication factor 1) through the given nodes in turn
 *            until one succeeds; prints "CREATED epoch_ms=...". A TOPIC_ALREADY_EXISTS counts as success: an
 *            earlier attempt whose answer was lost created it.
 *   create   BOOTSTRAPS PARTITIONS RF TOPIC...
 *            creates topics with the Admin client and waits until every partition has a leader (and, for RF
 *            above 1, a full ISR); exit status 4 and "RF_UNSUPPORTED ..." when RF is refused as not supported
 *   quorum   BOOTSTRAPS
 *            prints "leader ID epoch N" of the metadata quorum (Admin describeMetadataQuorum, DescribeQuorum)
 * </pre>
 */
public final class ClusterTool {

    /** How a broker says a replication factor is refused because it is not supported (yet), not invalid. */
    private static final Pattern UNSUPPORTED = Pattern.compile("not (yet )?supported|unsupported",
            Pattern.CASE_INSENSITIVE);

    public static void main(String[] a) throws Exception {
        String cmd = a.length == 0 ? "" : a[0];
        switch (cmd) {
            case "ready" -> System.exit(ready(a[1].split(","), Long.parseLong(a[2]), Integer.parseInt(a[3]),
                    Short.parseShort(a[4]), a[5], a[6]));
            case "failover" -> System.exit(failover(a[1].split(","), Long.parseLong(a[2]), a[3]));
            case "create" -> System.exit(create(a[1], Integer.parseInt(a[2]), Short.parseShort(a[3]),
                    Arrays.copyOfRange(a, 4, a.length)));
            case "quorum" -> quorum(a[1]);
            default -> {
                System.err.println("usage: ready BS TIMEOUT_MS BROKERS RF TOPIC PIDS|- | failover BS TIMEOUT_MS TOPIC"
                        + " | create BS PARTITIONS RF TOPIC.. | quorum BS");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon).trim(),
                Integer.parseInt(hostPort.substring(colon + 1).trim()));
    }

    /** One open connection to a node, with the versions it advertises. */
    private static final class Conn implements AutoCloseable {
        final Socket socket = new Socket();
        final DataInputStream in;
        final OutputStream out;
        final ApiVersionsResponse versions;
        int corr;

        Conn(String hostPort, int readTimeoutMs) throws Exception {
            socket.setTcpNoDelay(true);
            socket.connect(address(hostPort), 500);
            socket.setSoTimeout(readTimeoutMs);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = socket.getOutputStream();
            versions = BenchTool.apiVersions(in, out, ++corr);
        }

        short version(ApiKeys key, int highest) {
            ApiVersion v = versions.apiVersion(key.id);
            if (v == null) throw new IllegalStateException("no " + key + " API");
            return (short) Math.max(v.minVersion(), Math.min(highest, v.maxVersion()));
        }

        int brokers() throws Exception {
            short v = version(ApiKeys.METADATA, 12);
            RequestHeader h = new RequestHeader(ApiKeys.METADATA, v, "bench-cluster", ++corr);
            MetadataResponse r = (MetadataResponse) BenchTool.roundTrip(in, out, h,
                    new MetadataRequest.Builder(Collections.emptyList(), false).build(v).serializeWithHeader(h));
            return r.brokers().size();
        }

        CreatableTopicResult createTopic(String topic, short rf, int timeoutMs) throws Exception {
            short v = version(ApiKeys.CREATE_TOPICS, 7);
            CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(timeoutMs);
            data.topics().add(new CreatableTopic().setName(topic).setNumPartitions(1).setReplicationFactor(rf));
            RequestHeader h = new RequestHeader(ApiKeys.CREATE_TOPICS, v, "bench-cluster", ++corr);
            CreateTopicsResponse r = (CreateTopicsResponse) BenchTool.roundTrip(in, out, h,
                    new CreateTopicsRequest.Builder(data).build(v).serializeWithHeader(h));
            return r.data().topics().iterator().next();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static boolean unsupported(CreatableTopicResult r) {
        return r.errorCode() == Errors.INVALID_REPLICATION_FACTOR.code() && r.errorMessage() != null
                && UNSUPPORTED.matcher(r.errorMessage()).find();
    }

    private static void warmUp() {
        new MetadataRequest.Builder(Collections.emptyList(), false).build((short) 12)
                .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, (short) 12, "w", 0));
        CreateTopicsRequestData data = new CreateTopicsRequestData();
        data.topics().add(new CreatableTopic().setName("w").setNumPartitions(1).setReplicationFactor((short) 1));
        new CreateTopicsRequest.Builder(data).build((short) 7)
                .serializeWithHeader(new RequestHeader(ApiKeys.CREATE_TOPICS, (short) 7, "w", 0));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1), 100);
        } catch (Exception expected) {
            // nothing listens on port 1: this only warms the connect path
        }
    }

    private static int ready(String[] nodes, long timeoutMs, int brokers, short rf, String topic, String pidArg)
            throws Exception {
        warmUp();
        String pids = pidArg;
        if (pidArg.equals("-")) {
            System.out.println("WAITING");
            System.out.flush();
            pids = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (pids == null) return 2;
        }
        List<Long> watched = new ArrayList<>();
        for (String p : pids.trim().split(",")) watched.add(Long.parseLong(p.trim()));
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "";
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                boolean all = true;
                for (String n : nodes) {
                    try (Conn c = new Conn(n, 2000)) {
                        int seen = c.brokers();
                        if (seen < brokers) {
                            last = n + " lists " + seen + " broker(s)";
                            all = false;
                            break;
                        }
                    }
                }
                if (all) {
                    try (Conn c = new Conn(nodes[attempt % nodes.length], 15000)) {
                        CreatableTopicResult r = c.createTopic(topic, rf, 10000);
                        if (r.errorCode() == 0 || r.errorCode() == Errors.TOPIC_ALREADY_EXISTS.code()) {
                            System.out.println("READY epoch_ms=" + System.currentTimeMillis() + " rf=" + rf
                                    + " attempts=" + attempt);
                            return 0;
                        }
                        if (unsupported(r)) {
                            System.out.println("RF_UNSUPPORTED rf=" + rf + " message=" + r.errorMessage());
                            rf = 1;
                            continue;
                        }
                        last = "CreateTopics: " + Errors.forCode(r.errorCode()) + " " + r.errorMessage();
                    }
                }
            } catch (Exception e) {
                last = e.toString();
            }
            for (long pid : watched) {
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    System.out.println("DEAD pid " + pid + " last=" + last);
                    return 3;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                System.out.println("TIMEOUT last=" + last);
                return 1;
            }
            Thread.sleep(5);
        }
    }

    private static int failover(String[] nodes, long timeoutMs, String topic) throws Exception {
        warmUp();
        System.out.println("WAITING");
        System.out.flush();
        if (new BufferedReader(new InputStreamReader(System.in)).readLine() == null) return 2;
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<String> errors = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            String node = nodes[attempt % nodes.length];
            try (Conn c = new Conn(node, 15000)) {
                CreatableTopicResult r = c.createTopic(topic, (short) 1, 10000);
                if (r.errorCode() == 0 || r.errorCode() == Errors.TOPIC_ALREADY_EXISTS.code()) {
                    System.out.println("CREATED epoch_ms=" + System.currentTimeMillis() + " attempts=" + attempt
                            + " via=" + node + " result=" + Errors.forCode(r.errorCode()));
                    System.out.println("errors before: " + errors);
                    return 0;
                }
                errors.add(Errors.forCode(r.errorCode()).name());
            } catch (Exception e) {
                errors.add(e.getClass().getSimpleName());
            }
            if (System.currentTimeMillis() > deadline) {
                System.out.println("TIMEOUT errors=" + errors);
                return 1;
            }
            Thread.sleep(5);
        }
    }

    private static Admin admin(String bs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bs);
        p.put("retry.backoff.ms", "20");
        p.put("retry.backoff.max.ms", "100");
        p.put("default.api.timeout.ms", "60000");
        p.put("request.timeout.ms", "20000");
        return Admin.create(p);
    }

    private static int create(String bs, int partitions, short rf, String[] names) throws Exception {
        try (Admin admin = admin(bs)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) topics.add(new NewTopic(n, partitions, rf));
            for (Map.Entry<String, ?> e : admin.createTopics(topics).values().entrySet()) {
                try {
                    ((org.apache.kafka.common.KafkaFuture<?>) e.getValue()).get();
                } catch (ExecutionException ex) {
                    Throwable c = ex.getCause();
                    if (c instanceof InvalidReplicationFactorException && c.getMessage() != null
                            && UNSUPPORTED.matcher(c.getMessage()).find()) {
                        System.out.println("RF_UNSUPPORTED rf=" + rf + " message=" + c.getMessage());
                        return 4;
                    }
                    if (!(c instanceof TopicExistsException)) throw ex;
                }
            }
            long deadline = System.currentTimeMillis() + 60000;
            while (true) {
                String missing = null;
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(Arrays.asList(names)).allTopicNames()
                            .get(10, TimeUnit.SECONDS);
                    for (TopicDescription td : d.values()) {
                        for (TopicPartitionInfo p : td.partitions()) {
                            if (p.leader() == null || p.leader().isEmpty() || p.isr().size() < rf) {
                                missing = td.name() + "-" + p.partition();
                            }
                        }
                    }
                } catch (ExecutionException ex) {
                    missing = ex.getCause().toString();
                }
                if (missing == null) break;
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("not ready: " + missing);
                Thread.sleep(50);
            }
            for (String n : names) System.out.println("topic " + n + " partitions=" + partitions + " rf=" + rf);
        }
        return 0;
    }

    private static void quorum(String bs) throws Exception {
        try (Admin admin = admin(bs)) {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(60, TimeUnit.SECONDS);
            System.out.println("leader " + q.leaderId() + " epoch " + q.leaderEpoch());
        }
    }
}
