package io.tributary.it;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a non-Java Kafka client (kcat, a Python script, a Node.js program) against a test broker as
 * a child process: its command, working directory, environment and stdin; stdout and stderr
 * drained on their own threads so no pipe can fill up; a bounded wait after which the process and
 * its descendants are killed and the test fails with what they printed; and the JSON lines that
 * the client scripts print as their summary.
 *
 * <p>Missing clients fail the test, never skip it: bin/test installs them, so their absence is a setup bug.
 *
 * <p>Not thread-safe: configure and run an instance on one thread.
 */
public final class ExternalClient {

    /** Debian's interpreter: the python3 packages of kafka-python and confluent-kafka import only there. */
    public static final String PYTHON = "/usr/bin/python3";
    public static final String KCAT = "/usr/bin/kcat";
    public static final String NODE = "node";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int OUTPUT_SHOWN = 20_000;

    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private byte[] stdin;
    private Duration timeout = DEFAULT_TIMEOUT;

    private ExternalClient(List<String> command) {
        this.command = new ArrayList<>(command);
    }

    public static ExternalClient command(List<String> command) {
        return new ExternalClient(command);
    }

    public static ExternalClient command(String... command) {
        return new ExternalClient(List.of(command));
    }

    /**
     * {@code script} run by Debian's python3 with {@code args}, unbuffered so that the output of a
     * script killed at its timeout is not lost.
     */
    public static ExternalClient python(Path script, String... args) {
        return command(PYTHON, script.toString()).args(args).env("PYTHONUNBUFFERED", "1");
    }

    /** Appends {@code args} to the command. */
    public ExternalClient args(String... args) {
        command.addAll(List.of(args));
        return this;
    }

    /** Runs the process in {@code dir} instead of the test's working directory. */
    public ExternalClient directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Sets {@code name} in the process's environment (which otherwise is the test JVM's). */
    public ExternalClient env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Feeds {@code input} to the process's stdin, then closes it (by default it is closed at once). */
    public ExternalClient stdin(byte[] input) {
        this.stdin = input;
        return this;
    }

    /** How long the process may run before it is killed and the test fails ({@link #DEFAULT_TIMEOUT}). */
    public ExternalClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Runs the process to its end and returns its exit code and output; fails the test, with the
     * output so far, if it does not finish within the timeout.
     */
    public Result run() {
        List<String> cmd = List.copyOf(command);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e.getMessage(), e);
        }
        CompletableFuture<Void> writer = feed(process, stdin);
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Result partial = new Result(cmd, -1, collected(out),
                        new String(collected(err), StandardCharsets.UTF_8));
                fail("%s did not finish within %s and was killed%n%s", cmd, timeout, partial.output());
            }
            writer.get(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(cmd, process.exitValue(), out.get(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    new String(err.get(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while waiting for " + cmd, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot collect the output of " + cmd, e);
        }
    }

    private static CompletableFuture<Void> feed(Process process, byte[] input) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            } catch (IOException e) {
                // the process exited before reading all its input; its exit code and stderr tell why
            }
        });
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(buffer);
            } catch (IOException e) {
                // the process is gone; keep what it wrote
            }
            result.complete(buffer.toByteArray());
        }, "process-drain");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** What a drained stream holds once the killed process's pipes closed; empty if they did not in time. */
    private static byte[] collected(CompletableFuture<byte[]> stream) {
        try {
            return stream.get(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new byte[0];
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }

    /** Exit code and captured output of a finished process. */
    public record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr) {

        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        /** Fails the test with the command, exit code and both streams unless the process exited 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                fail("%s exited with %d%n%s", command, exitCode, output());
            }
            return this;
        }

        /** Every non-blank line of stdout parsed as JSON; fails with the output if one is not JSON. */
        public List<JsonNode> jsonLines() {
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : stdout().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(json.readTree(line));
                    } catch (JsonProcessingException e) {
                        fail("%s printed a line that is not JSON: %s%n%s", command, line, output());
                    }
                }
            }
            return lines;
        }

        /** The last JSON line of stdout, the client's summary; fails with the output if there is none. */
        public JsonNode summary() {
            List<JsonNode> lines = jsonLines();
            if (lines.isEmpty()) {
                fail("%s printed no summary%n%s", command, output());
            }
            return lines.get(lines.size() - 1);
        }

        /** Both streams (their last {@value #OUTPUT_SHOWN} characters each), for failure messages. */
        public String output() {
            return "--- stdout ---%n%s%n--- stderr ---%n%s".formatted(tail(stdout()), tail(stderr));
        }

        private static String tail(String s) {
            return s.length() <= OUTPUT_SHOWN ? s : "..." + s.substring(s.length() - OUTPUT_SHOWN);
        }
    }

    /** Fails when an executable the test needs is missing. */
    public static void requireExecutable(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            fail("%s is missing: install the Debian package '%s' (apt-get install %s)", path, debianPackage,
                    debianPackage);
        }
    }

    /** Fails when {@code module} does not import in Debian's python3. */
    public static void requirePythonModule(String module, String debianPackage) {
        requireExecutable(PYTHON, "python3");
        Result r = command(PYTHON, "-c", "import " + module).timeout(Duration.ofSeconds(30)).run();
        if (r.exitCode() != 0) {
            fail("Python module '%s' does not import in %s: install the Debian package '%s' (apt-get install %s)%n%s",
                    module, PYTHON, debianPackage, debianPackage, r.stderr());
        }
    }

    /** Copies the classpath resource {@code resource} (a path such as {@code clients/x.py}) into {@code dir}. */
    public static Path copyResource(String resource, Path dir) {
        try (InputStream in = ExternalClient.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + resource);
            }
            Path target = dir.resolve(Path.of(resource).getFileName());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
