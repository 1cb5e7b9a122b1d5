import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;

/**
 * Small client-side helper of bench/run.sh; it is identical for every broker under test.
 *
 * <pre>
 *   ready  BOOTSTRAP TIMEOUT_MS [PID|-] poll every 5 ms: TCP connect, ApiVersions v3, Metadata (no topics);
 *                                       prints "READY epoch_ms=..." once Metadata lists at least one broker.
 *                                       With "-" it first loads its classes, prints "WAITING" and reads the
 *                                       broker's pid from stdin, so that the probe's own JVM start-up is over
 *                                       before the broker is launched and does not compete with it for CPU
 *   apis   BOOTSTRAP                    prints "apis NAME,NAME,..." (the API keys the broker advertises)
 *   topics BOOTSTRAP TOPIC...           creates topics through auto-creation (a producer metadata request,
 *                                       as every Kafka client triggers it) and waits until each has a leader
 *   e2e    BOOTSTRAP TOPIC N ACKS SIZE  end-to-end latency with microsecond resolution: the method of
 *                                       org.apache.kafka.tools.EndToEndLatency (send one record, wait for the
 *                                       ack, poll until it is read back), without a consumer group; also
 *                                       the p50 and p99 without the first tenth of the round trips
 * </pre>
 */
public final class BenchTool {

    public static void main(String[] a) throws Exception {
        String cmd = a.length == 0 ? "" : a[0];
        switch (cmd) {
            case "ready" -> System.exit(ready(a[1], Long.parseLong(a[2]), a.length > 3 ? a[3] : "-1"));
            case "apis" -> apis(a[1]);
            case "topics" -> topics(a[1], Arrays.copyOfRange(a, 2, a.length));
            case "e2e" -> e2e(a[1], a[2], Integer.parseInt(a[3]), a[4], Integer.parseInt(a[5]));
            default -> {
                System.err.println("usage: ready BS TIMEOUT_MS [PID] | apis BS | topics BS TOPIC.. | e2e BS TOPIC N ACKS SIZE");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static Properties base(String bs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bs);
        p.put("reconnect.backoff.ms", "20");
        p.put("reconnect.backoff.max.ms", "100");
        p.put("retry.backoff.ms", "20");
        p.put("retry.backoff.max.ms", "100");
        return p;
    }

    private static InetSocketAddress address(String bs) {
        String first = bs.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    private static int ready(String bs, long timeoutMs, String pidArg) throws Exception {
        InetSocketAddress addr = address(bs);
        // load the request/response classes and the socket code before the broker is up, so they do not count
        new MetadataRequest.Builder(Collections.emptyList(), false).build((short) 12)
                .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, (short) 12, "w", 0));
        new ApiVersionsRequest.Builder().build((short) 3)
                .serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "w", 0));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1), 100);
        } catch (Exception expected) {
            // nothing listens on port 1: this only warms the connect path
        }
        long pid;
        if (pidArg.equals("-")) {
            System.out.println("WAITING");
            System.out.flush();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            if (line == null) return 2;
            pid = Long.parseLong(line.trim());
        } else {
            pid = Long.parseLong(pidArg);
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "";
        int corr = 0;
        while (true) {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(addr, 500);
                s.setSoTimeout(2000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                OutputStream out = s.getOutputStream();
                ApiVersionsResponse av = apiVersions(in, out, ++corr);
                ApiVersion md = av.apiVersion(ApiKeys.METADATA.id);
                if (md == null) throw new IllegalStateException("no Metadata API");
                short v = (short) Math.max(md.minVersion(), Math.min(12, md.maxVersion()));
                RequestHeader h = new RequestHeader(ApiKeys.METADATA, v, "bench-ready", ++corr);
                MetadataResponse mr = (MetadataResponse) roundTrip(in, out, h,
                        new MetadataRequest.Builder(Collections.emptyList(), false).build(v).serializeWithHeader(h));
                if (!mr.brokers().isEmpty()) {
                    System.out.println("READY epoch_ms=" + System.currentTimeMillis() + " brokers=" + mr.brokers().size()
                            + " metadata_v=" + v + " attempts=" + corr / 2);
                    return 0;
                }
                last = "metadata lists no brokers";
            } catch (Exception e) {
                last = e.toString();
            }
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.out.println("DEAD pid " + pid + " last=" + last);
                return 3;
            }
            if (System.currentTimeMillis() > deadline) {
                System.out.println("TIMEOUT last=" + last);
                return 1;
            }
            Thread.sleep(5);
        }
    }

    static ApiVersionsResponse apiVersions(DataInputStream in, OutputStream out, int corr) throws Exception {
        RequestHeader h = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "bench", corr);
        ApiVersionsResponse av = (ApiVersionsResponse) roundTrip(in, out, h,
                new ApiVersionsRequest.Builder().build((short) 3).serializeWithHeader(h));
        if (av.data().errorCode() != 0) throw new IllegalStateException("ApiVersions error " + av.data().errorCode());
        return av;
    }

    static AbstractResponse roundTrip(DataInputStream in, OutputStream out, RequestHeader h, ByteBuffer req)
            throws Exception {
        byte[] b = new byte[4 + req.remaining()];
        ByteBuffer.wrap(b).putInt(req.remaining()).put(req);
        out.write(b);
        out.flush();
        byte[] resp = new byte[in.readInt()];
        in.readFully(resp);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(resp), h);
    }

    private static void apis(String bs) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address(bs), 2000);
            s.setSoTimeout(5000);
            ApiVersionsResponse av = apiVersions(new DataInputStream(new BufferedInputStream(s.getInputStream())),
                    s.getOutputStream(), 1);
            TreeSet<String> names = new TreeSet<>();
            for (ApiVersion v : av.data().apiKeys()) {
                names.add(ApiKeys.hasId(v.apiKey()) ? ApiKeys.forId(v.apiKey()).name() : "KEY_" + v.apiKey());
            }
            System.out.println("apis " + String.join(",", names));
        }
    }

    private static void topics(String bs, String[] names) throws Exception {
        Properties p = base(bs);
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("max.block.ms", "30000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String name : names) {
                long deadline = System.currentTimeMillis() + 30000;
                while (true) {
                    List<PartitionInfo> parts = producer.partitionsFor(name);
                    boolean led = !parts.isEmpty();
                    for (PartitionInfo pi : parts) led &= pi.leader() != null && pi.leader().id() >= 0;
                    if (led) {
                        System.out.println("topic " + name + " partitions=" + parts.size());
                        break;
                    }
                    if (System.currentTimeMillis() > deadline) throw new IllegalStateException("no leader for " + name);
                    Thread.sleep(20);
                }
            }
        }
    }

    private static void e2e(String bs, String topic, int n, String acks, int size) throws Exception {
        Properties pp = base(bs);
        pp.put("linger.ms", "0");
        pp.put("acks", acks);
        pp.put("max.block.ms", String.valueOf(Long.MAX_VALUE));
        pp.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        pp.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        Properties cp = base(bs);
        cp.put("enable.auto.commit", "false");
        cp.put("auto.offset.reset", "latest");
        cp.put("fetch.max.wait.ms", "0");
        cp.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        cp.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp); KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic)) tps.add(new TopicPartition(pi.topic(), pi.partition()));
            c.assign(tps);
            c.seekToEnd(tps);
            for (TopicPartition tp : tps) c.position(tp);
            long[] lat = new long[n];
            Random rnd = new Random(0);
            for (int i = 0; i < n; i++) {
                byte[] msg = new byte[size];
                Arrays.fill(msg, (byte) (rnd.nextInt(26) + 65));
                long t0 = System.nanoTime();
                p.send(new ProducerRecord<>(topic, msg)).get();
                int got = 0;
                while (got == 0) {
                    ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(60000));
                    if (rs.isEmpty()) throw new IllegalStateException("poll timed out");
                    got = rs.count();
                    if (!Arrays.equals(rs.iterator().next().value(), msg)) throw new IllegalStateException("mismatch");
                }
                lat[i] = System.nanoTime() - t0;
            }
            // the same percentiles without the first tenth, while the client's own JVM is still compiling
            long[] later = Arrays.copyOfRange(lat, n / 10, n);
            Arrays.sort(later);
            Arrays.sort(lat);
            double sum = 0;
            for (long v : lat) sum += v;
            System.out.printf(Locale.ROOT, "e2e_us n=%d avg=%.1f p50=%.1f p99=%.1f p999=%.1f max=%.1f%n", n,
                    sum / n / 1e3, us(lat, 0.5), us(lat, 0.99), us(lat, 0.999), lat[n - 1] / 1e3);
            System.out.printf(Locale.ROOT, "e2e_us_after_first_tenth n=%d p50=%.1f p99=%.1f%n", later.length,
                    us(later, 0.5), us(later, 0.99));
        }
    }

    /** The {@code q} quantile of sorted nanosecond latencies, in microseconds. */
    private static double us(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e3;
    }
}
