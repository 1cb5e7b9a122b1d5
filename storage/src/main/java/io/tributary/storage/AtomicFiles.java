package io.tributary.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable whole-file replacement: write a sibling {@code .tmp}, force it, rename it over the
 * target, force the directory. A crash leaves either the old or the new content, never a mix; a
 * write that throws (the directory's fsync included) may not have reached the disk.
 *
 * <p>Thread-safety: stateless; concurrent writers of the same file must be serialised by the caller.
 */
public final class AtomicFiles {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.getParent());
    }

    /**
     * Forces a directory's entries to disk, so a file created, renamed or removed in it stays so
     * after a crash. A failure is thrown: the caller's change is then not known to be durable.
     * Windows cannot open a directory (nor needs to: its renames are durable with the file), so
     * there this does nothing.
     */
    public static void forceDirectory(Path dir) throws IOException {
        if (dir == null || WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
