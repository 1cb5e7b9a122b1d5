package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.server.TributaryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema registry of a three-node cluster: every node serves the REST API; writes made through any node are
 * made by one writer (the leader of {@code _schemas-0}), so schemas registered concurrently through different
 * nodes get distinct ids and contiguous versions, and the node a write went through reads it back at once.
 */
class ClusterRegistryTest {

    private static final int PER_NODE = 6;
    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3).config("broker.session.timeout.ms", "4000").start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RegistryHttp http(int nodeId) {
        return new RegistryHttp(cluster.node(nodeId).httpPort());
    }

    private static String schema(String name, String field) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"cluster\",\"fields\":[{\"name\":\""
                + field + "\",\"type\":\"string\"}]}";
    }

    @Test
    void concurrentRegistrationsThroughDifferentNodesGetUniqueIdsAndEveryNodeServesThem() throws Exception {
        Map<String, Integer> ids = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(3);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            int n = node;
            writers.add(CompletableFuture.runAsync(() -> {
                RegistryHttp registry = http(n);
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < PER_NODE; i++) {
                    String subject = "node" + n + "-s" + i;
                    RegistryHttp.Reply reply = registry.register(subject, null, schema("N" + n + "S" + i, "f"));
                    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
                    ids.put(subject, reply.json().path("id").asInt());
                    RegistryHttp.Reply readBack = registry.get("/subjects/" + subject + "/versions/latest");
                    assertThat(readBack.status()).as("read-your-write through node %d: %s", n, readBack.text())
                            .isEqualTo(200);
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();

        assertThat(ids).hasSize(3 * PER_NODE);
        assertThat(new java.util.HashSet<>(ids.values())).as("ids of different schemas").hasSize(3 * PER_NODE);
        for (int node = 1; node <= 3; node++) {
            RegistryHttp registry = http(node);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode subjects = registry.get("/subjects").json();
                List<String> listed = new ArrayList<>();
                subjects.forEach(s -> listed.add(s.asText()));
                assertThat(listed).containsAll(ids.keySet());
            });
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                JsonNode latest = registry.get("/subjects/" + e.getKey() + "/versions/latest").json();
                assertThat(latest.path("id").asInt()).isEqualTo(e.getValue());
                assertThat(latest.path("version").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void versionsStayContiguousAndSettingsWrittenThroughAFollowerAreReadBackAtOnce() throws Exception {
        int writer = schemasLeader();
        int follower = writer % 3 + 1;
        int other = follower % 3 + 1;
        RegistryHttp viaFollower = http(follower);
        RegistryHttp viaOther = http(other);
        assertThat(viaFollower.put("/config/evolving", Map.of("compatibility", "NONE")).status()).isEqualTo(200);
        Map<Integer, Integer> versions = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            RegistryHttp via = i % 2 == 0 ? viaFollower : viaOther;
            assertThat(via.register("evolving", null, schema("Evolving", "f" + i)).status()).isEqualTo(200);
            JsonNode latest = via.get("/subjects/evolving/versions/latest").json();
            versions.put(latest.path("version").asInt(), latest.path("id").asInt());
        }
        assertThat(versions.keySet()).containsExactly(1, 2, 3, 4);
        assertThat(viaFollower.get("/config/evolving").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(viaOther.delete("/subjects/evolving/versions/1").status()).isEqualTo(200);
        assertThat(viaOther.get("/subjects/evolving/versions").json().toString()).isEqualTo("[2,3,4]");
    }

    /** The node leading {@code _schemas-0} (the registry's topic is created at the first registry request). */
    private static int schemasLeader() throws Exception {
        assertThat(http(1).get("/subjects").status()).isEqualTo(200);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
            return d.partitions().get(0).leader().id();
        }
    }
}
