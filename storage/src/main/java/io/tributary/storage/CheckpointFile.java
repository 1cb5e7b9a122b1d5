package io.tributary.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Apache Kafka's text checkpoint format: a version line ({@code 0}), a count line, then one entry
 * per line, fields separated by a space. Used for {@code leader-epoch-checkpoint} ("epoch
 * startOffset") and {@code recovery-point-offset-checkpoint} ("topic partition offset"). Writes
 * are atomic (see {@link AtomicFiles}).
 *
 * <p>Thread-safety: not thread-safe; the owner serialises reads and writes.
 *
 * @param <T> the entry type
 */
final class CheckpointFile<T> {
    static final int VERSION = 0;

    private final Path file;
    private final Function<T, String> format;
    private final Function<String[], T> parse;

    CheckpointFile(Path file, Function<T, String> format, Function<String[], T> parse) {
        this.file = file;
        this.format = format;
        this.parse = parse;
    }

    Path file() {
        return file;
    }

    void write(List<T> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (T e : entries) {
            sb.append(format.apply(e)).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The entries, or an empty list when the file does not exist.
     *
     * @throws IOException when the file exists but is malformed
     */
    List<T> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new IOException("Unrecognised checkpoint version or header in " + file);
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count < 0 || lines.size() < 2 + count) {
                throw new IOException("Checkpoint " + file + " declares " + count + " entries but holds "
                        + (lines.size() - 2));
            }
            List<T> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String line = lines.get(2 + i).trim();
                out.add(parse.apply(line.split("\\s+")));
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException("Malformed checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }
}
