package io.tributary.it.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Time;

/**
 * An append-only history of {@link Op}s, kept in memory and, when opened on a file, written as JSON
 * lines as they happen (each line flushed, so a history survives the test JVM being killed).
 *
 * <p>Thread-safe: {@link #record} stamps an op with the next index and the clock's times under one
 * lock, so the indices are the order in which the recording threads reached the history.
 */
public final class History implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Time time;
    private final long startNanos;
    private final List<Op> ops = new ArrayList<>();
    private final BufferedWriter out;

    private History(Time time, BufferedWriter out) {
        this.time = time;
        this.startNanos = time.nanoseconds();
        this.out = out;
    }

    /** A history kept in memory only. */
    public static History inMemory(Time time) {
        return new History(time, null);
    }

    /** A history also written to {@code file} (created or replaced) as JSON lines. */
    public static History toFile(Path file, Time time) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new History(time, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Stamps {@code op} with the next index and the current times, keeps and writes it, and returns it. */
    public Op record(Op op) {
        synchronized (ops) {
            Op stamped = op.stamped(ops.size(), time.milliseconds(), time.nanoseconds() - startNanos);
            ops.add(stamped);
            if (out != null) {
                try {
                    out.write(JSON.writeValueAsString(stamped));
                    out.newLine();
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return stamped;
        }
    }

    /** A copy of the ops recorded so far, in index order. */
    public List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    /** Reads back a history written by {@link #toFile}. */
    public static List<Op> read(Path file) throws IOException {
        List<Op> result = new ArrayList<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    result.add(parse(line));
                }
            }
        }
        return result;
    }

    static Op parse(String line) throws JsonProcessingException {
        return JSON.readValue(line, Op.class);
    }

    static String format(Op op) throws JsonProcessingException {
        return JSON.writeValueAsString(op);
    }

    @Override
    public void close() throws IOException {
        synchronized (ops) {
            if (out != null) {
                out.close();
            }
        }
    }
}
