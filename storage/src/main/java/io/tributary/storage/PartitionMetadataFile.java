package io.tributary.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * A partition directory's {@code partition.metadata} file, in Apache Kafka's format:
 * {@code version: 0} then {@code topic_id: <base64 uuid>}.
 *
 * <p>Thread-safety: stateless; callers serialise writes of one directory.
 */
final class PartitionMetadataFile {
    static final String FILE_NAME = "partition.metadata";

    private PartitionMetadataFile() {}

    static void write(Path dir, Uuid topicId) throws IOException {
        String text = "version: 0\ntopic_id: " + topicId + "\n";
        AtomicFiles.write(dir.resolve(FILE_NAME), text.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Uuid> read(Path dir) throws IOException {
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().equals("version: 0")
                || !lines.get(1).trim().startsWith("topic_id:")) {
            throw new IOException("Malformed " + FILE_NAME + " in " + dir);
        }
        try {
            return Optional.of(Uuid.fromString(lines.get(1).trim().substring("topic_id:".length()).trim()));
        } catch (IllegalArgumentException e) {
            throw new IOException("Malformed topic id in " + dir.resolve(FILE_NAME), e);
        }
    }
}
