package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.cli.CliProcess.Result;
import io.tributary.server.Tributary;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in its own JVM against a real embedded node: output and exit codes of each command. */
class CliTest {

    private static Tributary node;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "1")
                .config("offsets.topic.num.partitions", "3")
                .config("group.initial.rebalance.delay.ms", "0")
                .start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Map<String, String> env() {
        return Map.of("XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    static Result cli(String... args) throws Exception {
        return cliWithInput(null, args);
    }

    static List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of("-b", node.bootstrapServers(), "--timeout", "10000"));
        all.addAll(List.of(args));
        return all;
    }

    static Result cliWithInput(String stdin, String... args) throws Exception {
        return CliProcess.run(env(), stdin, args(args));
    }

    @Test
    void topicLifecycle() throws Exception {
        Result created = cli("topic", "create", "orders", "-p", "3", "-c", "segment.bytes=1048576");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("Created topic orders.");

        Result again = cli("topic", "create", "orders");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("orders").contains("already exists").contains("--if-not-exists")
                .doesNotContain("\tat ");
        assertThat(cli("topic", "create", "orders", "--if-not-exists").exitCode()).isZero();

        Result list = cli("topic", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("TOPIC\\s+PARTITIONS\\s+REPLICATION");
        assertThat(list.out()).containsPattern("(?m)^orders\\s+3\\s+1$");

        Result describe = cli("topic", "describe", "orders");
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("segment.bytes=1048576")
                .containsPattern("(?m)^2\\s+1\\s+1\\s+1\\s+0\\s+0$");

        Result grown = cli("topic", "add-partitions", "orders", "--total", "5");
        assertThat(grown.exitCode()).as(grown.toString()).isZero();
        JsonNode json = Output.JSON.readTree(cli("topic", "describe", "orders", "--format", "json").out());
        assertThat(json.get("partitions")).hasSize(5);
        assertThat(json.get("configs").get("segment.bytes").asText()).isEqualTo("1048576");

        JsonNode topics = Output.JSON.readTree(cli("topic", "list", "--format", "json").out());
        assertThat(topics.findValuesAsText("name")).contains("orders");

        Result deleted = cli("topic", "delete", "orders");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        Result missing = cli("topic", "describe", "orders");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("does not exist").contains("tributary topic list");
        assertThat(cli("topic", "delete", "orders", "--if-exists").exitCode()).isZero();
    }

    @Test
    void produceAndConsumeTextAndJson() throws Exception {
        assertThat(cli("topic", "create", "events", "-p", "2").exitCode()).isZero();
        Result produced = cliWithInput("a:one\nb:two\nc:three\n", "produce", "events", "-K", ":", "-H", "source=test");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();
        assertThat(produced.err()).contains("Produced 3 records to events");
        Result json = cliWithInput("{\"key\":\"d\",\"value\":{\"n\":4},\"headers\":{\"h\":\"x\"},\"partition\":1}\n",
                "produce", "events", "--format", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();

        Result consumed = cli("consume", "events", "--from-beginning", "--end", "--format", "json");
        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : consumed.out().lines().toList()) {
            records.add(Output.JSON.readTree(line));
        }
        assertThat(records).hasSize(4);
        Map<String, JsonNode> byKey = records.stream().collect(Collectors.toMap(r -> r.get("key").asText(), r -> r));
        assertThat(byKey.get("b").get("value").asText()).isEqualTo("two");
        assertThat(byKey.get("b").get("headers").get("source").asText()).isEqualTo("test");
        assertThat(byKey.get("d").get("value").asText()).isEqualTo("{\"n\":4}");
        assertThat(byKey.get("d").get("partition").asInt()).isEqualTo(1);
        assertThat(byKey.get("d").get("headers").get("h").asText()).isEqualTo("x");
        for (JsonNode r : records) {
            assertThat(r.get("topic").asText()).isEqualTo("events");
            assertThat(r.get("offset").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(r.get("timestamp").asLong()).isPositive();
        }

        Result two = cli("consume", "events", "--from-beginning", "-n", "2", "--print-key", "-K", "=");
        assertThat(two.exitCode()).as(two.toString()).isZero();
        assertThat(two.out().lines().toList()).hasSize(2).allMatch(l -> l.matches("[a-d]=.*"));

        Result fromOffset = cli("consume", "events", "--partition", "1", "--offset", "1", "--end");
        assertThat(fromOffset.exitCode()).as(fromOffset.toString()).isZero();
        long inPartition1 = records.stream().filter(r -> r.get("partition").asInt() == 1).count();
        assertThat(fromOffset.out().lines().count()).isEqualTo(inPartition1 - 1);

        Result past = cli("consume", "events", "--from-timestamp", "0", "--end");
        assertThat(past.exitCode()).as(past.toString()).isZero();
        assertThat(past.out().lines().count()).isEqualTo(4);

        Result future = cli("consume", "events", "--from-timestamp", "2999-01-01T00:00:00Z", "--end");
        assertThat(future.exitCode()).as(future.toString()).isZero();
        assertThat(future.out()).isEmpty();
    }

    @Test
    void groupListDescribeResetAndDelete() throws Exception {
        assertThat(cli("topic", "create", "grouped", "--partitions", "3").exitCode()).isZero();
        assertThat(cliWithInput("a:1\nb:2\nc:3\nd:4\n", "produce", "grouped", "--key-separator", ":", "--no-progress")
                .exitCode()).isZero();
        Result consumed = cli("consume", "grouped", "--from-beginning", "-n", "4", "--group", "g1");
        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        assertThat(consumed.out().lines().toList()).containsExactlyInAnyOrder("1", "2", "3", "4");

        Result list = cli("group", "list", "--format", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("\"g1\"");

        Result described = cli("group", "describe", "g1", "--format", "json");
        assertThat(described.exitCode()).as(described.toString()).isZero();
        JsonNode rows = Output.JSON.readTree(described.out());
        long lag = 0;
        long committed = 0;
        for (JsonNode row : rows.path("offsets")) {
            lag += row.path("lag").asLong();
            committed += row.path("offset").asLong();
        }
        assertThat(committed).as(described.out()).isEqualTo(4);
        assertThat(lag).isZero();

        Result reset = cli("group", "reset-offsets", "g1", "--topic", "grouped", "--to-earliest");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(cli("group", "describe", "g1").out()).contains("LAG");
        JsonNode after = Output.JSON.readTree(cli("group", "describe", "g1", "--format", "json").out());
        long lagAfter = 0;
        for (JsonNode row : after.path("offsets")) {
            lagAfter += row.path("lag").asLong();
        }
        assertThat(lagAfter).isEqualTo(4);

        assertThat(cli("group", "delete", "g1").exitCode()).isZero();
        assertThat(cli("group", "list").out()).doesNotContain("g1");
        assertThat(cli("group", "describe", "no-such-group").exitCode()).isNotZero();
    }

    @Test
    void topicCreateSetsBrokerSideSchemaValidation() throws Exception {
        Result created = cli("topic", "create", "validated", "-c", "confluent.value.schema.validation=true");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(cli("topic", "describe", "validated").out()).contains("confluent.value.schema.validation=true");
        Result refused = cliWithInput("not framed\n", "produce", "validated");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("no schema id framing");
        Result bad = cli("topic", "create", "strategy", "-c", "confluent.value.subject.name.strategy=Mine");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("confluent.value.subject.name.strategy");
    }

    @Test
    void produceFromFileWithRateLimit() throws Exception {
        Path file = home.resolve("lines.txt");
        Files.writeString(file, "1\n2\n3\n4\n5\n6\n");
        Result r = cli("produce", "rated", "--file", file.toString(), "--rate", "20", "--no-progress");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Produced 6 records to rated");
        // 6 records at 20/s take at least 5 intervals of 50 ms
        double seconds = Double.parseDouble(r.err().replaceAll("(?s).*in ([0-9.]+) s.*", "$1"));
        assertThat(seconds).isGreaterThanOrEqualTo(0.25);
        assertThat(cli("consume", "rated", "--from-beginning", "--end").out()).isEqualTo("1\n2\n3\n4\n5\n6\n");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Result unknown = cli("frobnicate");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("frobnicate");
        Result noTopic = cli("topic", "create");
        assertThat(noTopic.exitCode()).as(noTopic.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTopic.err()).contains("TOPIC").contains("--help");
        assertThat(cli("consume", "x", "--offset", "ten").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("consume", "x", "--from-beginning", "--offset", "3").exitCode()).isEqualTo(ExitCodes.USAGE);
        Result badHeader = cliWithInput("v\n", "produce", "x", "-H", "novalue");
        assertThat(badHeader.exitCode()).as(badHeader.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badHeader.err()).contains("key=value");
        Result none = CliProcess.run(env(), null, List.of());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        Result help = CliProcess.run(env(), null, List.of("--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("topic", "produce", "consume", "group", "cluster", "Exit codes");
        for (List<String> sub : List.of(List.of("cluster", "info", "--help"), List.of("topic", "list", "-h"),
                List.of("topic", "--help"))) {
            Result subHelp = CliProcess.run(env(), null, sub);
            assertThat(subHelp.exitCode()).as("%s", sub).isZero();
            assertThat(subHelp.out()).as("%s", sub).contains("Usage:").contains("--help");
        }
    }

    @Test
    void unreachableClusterExitsWithThreeQuickly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = CliProcess.run(env(), null, List.of("-b", "127.0.0.1:" + closedPort, "topic", "list"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the cluster at 127.0.0.1:" + closedPort)
                .contains("tributary server").doesNotContain("\tat ");
        assertThat(r.millis()).isLessThan(10_000);
        Result verbose = CliProcess.run(env(), null,
                List.of("-b", "127.0.0.1:" + closedPort, "topic", "list", "--verbose"));
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void bootstrapFromEnvironmentThenProfile() throws Exception {
        Result fromEnv = CliProcess.run(Map.of("XDG_CONFIG_HOME", home.resolve("none").toString(),
                "TRIBUTARY_BOOTSTRAP", node.bootstrapServers()), null, List.of("cluster", "info"));
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isZero();
        Path profileHome = home.resolve("profiled");
        Files.createDirectories(profileHome.resolve("tributary"));
        Files.writeString(profileHome.resolve("tributary/profile"), "bootstrap=" + node.bootstrapServers() + "\n");
        Result fromProfile = CliProcess.run(Map.of("XDG_CONFIG_HOME", profileHome.toString()), null,
                List.of("cluster", "info", "--format", "json"));
        assertThat(fromProfile.exitCode()).as(fromProfile.toString()).isZero();
        JsonNode info = Output.JSON.readTree(fromProfile.out());
        assertThat(info.get("brokers")).hasSize(1);
        assertThat(info.get("brokers").get(0).get("port").asInt()).isEqualTo(node.port("PLAINTEXT"));
        assertThat(info.get("clusterId").asText()).isNotBlank();
    }

    @Test
    void clusterInfoTableAndCompletion() throws Exception {
        Result info = cli("cluster", "info");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("Cluster id:").containsPattern("(?m)^BROKER\\s+ADDRESS");
        Result completion = cli("completion", "bash");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("produce").contains("consume");
    }

    @Test
    void alterConfigChangesTopicConfigsAndRefusesBadValues() throws Exception {
        cli("topic", "create", "configured");
        Result alter = cli("topic", "alter-config", "configured", "--set", "retention.ms=1000");
        assertThat(alter.exitCode()).as(alter.toString()).isZero();
        Result describe = cli("topic", "describe", "configured");
        assertThat(describe.out()).as(describe.toString()).contains("retention.ms").contains("1000");
        Result bad = cli("topic", "alter-config", "configured", "--set", "retention.ms=soon");
        assertThat(bad.exitCode()).as(bad.toString()).isNotZero();
        assertThat(bad.err()).contains("retention.ms").doesNotContain("\tat ");
    }

    @Test
    void progressBarOnATerminal() throws Exception {
        Path file = home.resolve("many.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("line-").append(i).append('\n');
        }
        Files.writeString(file, sb);
        List<String> cmd = CliProcess.javaCommand();
        cmd.addAll(args("produce", "progress", "--file", file.toString()));
        String joined = cmd.stream().map(CliTest::shellQuote).collect(Collectors.joining(" "));
        // script(1) runs the command on a pseudo-terminal, so stderr is a terminal
        Result r = CliProcess.exec(List.of("script", "-q", "-e", "-c", joined, "/dev/null"), env(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\r[").contains("100%").contains("2,000 records").contains("records/s")
                .contains("Produced 2000 records to progress");
        Result piped = cli("produce", "progress", "--file", file.toString());
        assertThat(piped.err()).doesNotContain("records/s").contains("Produced 2000 records");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
