package io.tributary.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule of docs/ARCHITECTURE.md: request handlers, coordinators and metrics reach partitions
 * through the replica manager and never a partition's {@code Log}. In the main sources of the
 * broker, http and server modules, only the replica package calls {@code Partition.log()} or
 * imports {@code io.tributary.storage.Log}.
 */
class ReplicaLogAccessTest {

    private static final List<String> MODULES = List.of("broker", "http", "server");
    private static final String REPLICA_PACKAGE = "io/tributary/broker/replica/";

    @Test
    void onlyTheReplicaPackageTouchesPartitionLogs() throws IOException {
        List<Path> roots = MODULES.stream().map(m -> Path.of("..", m, "src/main/java")).toList();
        assertThat(roots).allMatch(Files::isDirectory);
        List<String> offenders = roots.stream()
                .flatMap(ReplicaLogAccessTest::javaFiles)
                .filter(f -> !f.toString().replace('\\', '/').contains(REPLICA_PACKAGE))
                .filter(ReplicaLogAccessTest::touchesLogs)
                .map(f -> Path.of("..").relativize(f).toString())
                .toList();
        assertThat(offenders).as("main sources outside the replica package that call .log() or import Log")
                .isEmpty();
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean touchesLogs(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.anyMatch(l -> l.contains(".log()") || l.startsWith("import io.tributary.storage.Log;"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
