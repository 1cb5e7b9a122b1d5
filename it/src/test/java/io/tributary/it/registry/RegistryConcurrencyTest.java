package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.it.registry.RegistryHttp.Reply;
import io.tributary.server.Tributary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent writers and hostile input: ids stay unique, versions contiguous, and bad requests get errors. */
class RegistryConcurrencyTest {

    private static Tributary node;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
        http = new RegistryHttp(node.httpPort());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String schema(int n) {
        return "{\"type\":\"record\",\"name\":\"C" + n + "\",\"fields\":[{\"name\":\"f\",\"type\":\"int\"}]}";
    }

    @Test
    void concurrentRegistrationsGetUniqueIdsAndContiguousVersions() throws Exception {
        http.put("/config", "{\"compatibility\":\"NONE\"}");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Map<Integer, Integer> idBySchema = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    int n = (thread * 10 + i) % 30; // every schema registered by two threads
                    Reply r = http.register("concurrent-" + (n % 3), null, schema(n));
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                    Integer before = idBySchema.putIfAbsent(n, r.json().get("id").asInt());
                    assertThat(before == null || before == r.json().get("id").asInt()).isTrue();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(new HashSet<>(idBySchema.values())).hasSize(30);
        for (int s = 0; s < 3; s++) {
            Set<Integer> versions = new HashSet<>();
            http.get("/subjects/concurrent-" + s + "/versions").json().forEach(v -> versions.add(v.asInt()));
            assertThat(versions).hasSize(10).contains(1, 10);
        }
        http.delete("/config");
    }

    @Test
    void hostileInputGetsClearErrors() {
        assertThat(http.post("/subjects/x/versions", "{\"schema\":" + "[".repeat(5000)).status()).isEqualTo(400);
        String huge = "{\"schema\":\"" + "a".repeat(17 << 20) + "\"}";
        assertThat(http.post("/subjects/x/versions", huge).status()).isEqualTo(413);
        String deep = "{\"type\":\"array\",\"items\":".repeat(3000) + "\"int\"" + "}".repeat(3000);
        Reply r = http.register("deep", null, deep);
        assertThat(r.status()).as(r.text()).isIn(200, 422);
        assertThat(http.register("refs", null, "\"string\"").status()).isEqualTo(200);
        Reply badRef = http.post("/subjects/r2/versions",
                "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":1}]}");
        assertThat(badRef.errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/x/versions", "{\"schema\":\"\\\"int\\\"\",\"id\":\"seven\"}").status())
                .isEqualTo(400);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }
}
