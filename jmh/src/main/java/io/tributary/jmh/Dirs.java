package io.tributary.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class Dirs {
    private Dirs() {}

    /** A new directory for one partition log (Log.open wants a name of the form topic-partition). */
    static Path newLogDir(String prefix) throws IOException {
        String base = System.getProperty("tributary.jmh.dir", System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(Path.of(base), prefix).resolve("bench-0");
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
