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
 * The rule of docs/ARCHITECTURE.md: in main code, only packages named {@code *.codec} import
 * kafka-clients' {@code org.apache.kafka.common.record.internal}, or the utility classes of
 * {@code org.apache.kafka.common.utils.internals} that come with them, so an upgrade of
 * kafka-clients touches them alone. Checks the sources of every module of the checkout.
 */
class RecordInternalImportsTest {

    private static final String INTERNAL = "import org.apache.kafka.common.record.internal.";
    private static final String INTERNAL_UTILS = "org.apache.kafka.common.utils.internals.";

    @Test
    void onlyCodecPackagesImportKafkasInternalRecordClasses() throws IOException {
        List<Path> mainSources;
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            mainSources = modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
        assertThat(mainSources).as("module source trees found from " + Path.of("..").toAbsolutePath())
                .hasSizeGreaterThan(5);
        List<String> offenders = mainSources.stream()
                .flatMap(RecordInternalImportsTest::javaFiles)
                .filter(f -> !f.getParent().getFileName().toString().equals("codec"))
                .filter(RecordInternalImportsTest::importsInternalRecords)
                .map(f -> Path.of("..").relativize(f).toString())
                .toList();
        assertThat(offenders).as("main sources outside a *.codec package that import " + INTERNAL + "* or use "
                + INTERNAL_UTILS + "*").isEmpty();
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean importsInternalRecords(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.anyMatch(l -> l.startsWith(INTERNAL) || l.contains(INTERNAL_UTILS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
