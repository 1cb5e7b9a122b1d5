package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Runs one of Apache Kafka's command-line tools in this JVM (its {@code main}), with its exit
 * trapped and its standard output captured; a non-zero exit fails the test. Not thread-safe: it
 * replaces {@code System.out} and Kafka's exit procedure while the tool runs.
 */
final class KafkaTool {

    private KafkaTool() {}

    /** The tool's standard output, also echoed to the test's. */
    static String run(Consumer<String[]> main, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int[] exit = {-1};
        Exit.setExitProcedure((code, message) -> {
            if (exit[0] == -1) { // kafka-topics exits inside its own try: the later exit 1 is our throw
                exit[0] = code;
            }
            throw new IllegalStateException("exit " + code + ": " + message);
        });
        try {
            main.accept(args);
        } catch (IllegalStateException e) {
            assertThat(exit[0]).as("the tool's exit code (%s)", e.getMessage()).isZero();
        } finally {
            Exit.resetExitProcedure();
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.println(text);
        return text;
    }
}
