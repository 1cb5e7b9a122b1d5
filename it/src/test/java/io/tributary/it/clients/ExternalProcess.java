package io.tributary.it.clients;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a non-Java Kafka client (kcat, a Python script) as a child process: stdin fed and stdout/stderr drained on their own
 * threads so no pipe can fill up, every wait bounded, and the process killed if it outlives its timeout.
 */
final class ExternalProcess {

    /** Debian's interpreter: the python3 packages of kafka-python and confluent-kafka import only there. */
    static final String PYTHON = "/usr/bin/python3";
    static final String KCAT = "/usr/bin/kcat";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ExternalProcess() {}

    /** Exit code and captured output of a finished process. */
    record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr) {

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        /** Fails the test with the full command, exit code and both streams unless the process exited 0. */
        Result assertSuccess() {
            if (exitCode != 0) {
                fail("%s exited with %d%n--- stdout ---%n%s%n--- stderr ---%n%s", command, exitCode, tail(stdout()), tail(stderr));
            }
            return this;
        }

        private static String tail(String s) {
            return s.length() <= 20_000 ? s : "..." + s.substring(s.length() - 20_000);
        }
    }

    static Result run(List<String> command, byte[] stdin) {
        return run(command, stdin, DEFAULT_TIMEOUT);
    }

    static Result run(List<String> command, byte[] stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // the process exited before reading all its input; its exit code and stderr tell why
            }
        });
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                String partialErr = new String(err.getNow(new byte[0]), StandardCharsets.UTF_8);
                fail("%s did not finish within %s%n--- stderr so far ---%n%s", command, timeout, partialErr);
            }
            writer.get(10, TimeUnit.SECONDS);
            return new Result(command, process.exitValue(), out.get(10, TimeUnit.SECONDS),
                    new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while waiting for " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot collect the output of " + command, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(buffer);
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.complete(buffer.toByteArray());
            }
        }, "process-drain");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Fails (never skips) when an executable the test needs is missing: CI installs it, so its absence is a setup bug. */
    static void requireExecutable(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            fail("%s is missing: install the Debian package '%s' (apt-get install %s)", path, debianPackage, debianPackage);
        }
    }

    /** Fails (never skips) when {@code module} does not import in Debian's python3. */
    static void requirePythonModule(String module, String debianPackage) {
        requireExecutable(PYTHON, "python3");
        Result r = run(List.of(PYTHON, "-c", "import " + module), null, Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            fail("Python module '%s' does not import in %s: install the Debian package '%s' (apt-get install %s)%n%s",
                    module, PYTHON, debianPackage, debianPackage, r.stderr());
        }
    }

    /** Copies the classpath resource {@code clients/<name>} into {@code dir} and returns its path. */
    static Path script(String name, Path dir) {
        try (InputStream in = ExternalProcess.class.getClassLoader().getResourceAsStream("clients/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource clients/" + name);
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
