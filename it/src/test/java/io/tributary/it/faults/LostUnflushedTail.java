package io.tributary.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * R7: one replica loses the writes it had not fsynced, as in a power failure: the leader of
 * partition 0 is killed with SIGKILL and, while it is down, every log of the topic on its disk is cut
 * to half its size (the partial batch at the cut is for its recovery to drop; the indexes are removed
 * so they are rebuilt). Then it is started again. With replication, every acknowledged record is on
 * another in-sync replica, so nothing acknowledged may be lost, as long as the truncated replica is
 * not made leader before it has caught up.
 */
final class LostUnflushedTail implements Nemesis {

    @Override
    public void run(NemesisContext ctx) throws Exception {
        int victim = ctx.leader(0);
        ctx.cluster().kill(victim);
        ctx.cluster().fault("cut every " + ctx.topic() + " log of node " + victim + " to half its size");
        truncate(ctx.cluster().dataDir(victim), ctx.topic());
        ctx.cluster().start(victim);
        ctx.awaitHealthy();
    }

    /** Cuts every log of {@code topic} under {@code dataDir} to half its size and removes its indexes. */
    static void truncate(Path dataDir, String topic) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(dataDir)) {
            dirs = s.filter(d -> d.getFileName().toString().matches("\\Q" + topic + "\\E-[0-9]+")).toList();
        }
        assertThat(dirs).as("partition directories of %s in %s", topic, dataDir).isNotEmpty();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".log")) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.truncate(ch.size() / 2);
                        }
                    } else if (n.endsWith(".index") || n.endsWith(".timeindex")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
