package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code io.tributary.cli.Main} in a separate JVM with the test classpath, as the launcher
 * would, and collects its exit code and output (bounded wait).
 */
final class CliProcess {

    record Result(int exitCode, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + exitCode + " in " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliProcess() {}

    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, Main.class.getName()));
    }

    static Result run(Map<String, String> env, String stdin, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(args);
        return exec(cmd, env, stdin);
    }

    static Result exec(List<String> cmd, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("TRIBUTARY_BOOTSTRAP");
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI did not finish within 60 s: " + cmd);
        }
        return new Result(p.exitValue(), out.join(), err.join(), (System.nanoTime() - start) / 1_000_000);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }
}
