package io.tributary.server;

import io.tributary.metadata.log.LocalMetadataLog;
import io.tributary.server.config.ConfigException;
import io.tributary.server.config.QuorumConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Refuses, before anything is written, to start a node on data that belongs to another cluster:
 * a one-node cluster's metadata log where a replicated quorum is configured, a replicated
 * quorum's log where none is, or the log of a quorum with other voters (whose Raft group differs).
 * The voters a quorum's data was created with are kept in {@value #VOTERS_FILE} beside it, so the
 * error can name them. Stateless.
 */
final class DataDirCheck {

    static final String VOTERS_FILE = "voters";

    private DataDirCheck() {}

    /**
     * @param metadataDir the first log directory
     * @param quorumDir where a replicated quorum keeps its log (inside {@code metadataDir})
     * @param groupId the Raft group id the configured voters make (null for a single node)
     */
    static void check(Path metadataDir, Path quorumDir, QuorumConfig quorum, String votersString, String groupId) {
        boolean localLog = Files.isDirectory(metadataDir.resolve(LocalMetadataLog.DIR_NAME));
        boolean raftLog = Files.isDirectory(quorumDir);
        if (!quorum.isReplicated()) {
            if (raftLog) {
                throw new ConfigException("The data in " + metadataDir + " belongs to a cluster with voters "
                        + recordedVoters(quorumDir) + "; start this node with controller.quorum.voters set to them,"
                        + " or with an empty log.dirs");
            }
            return;
        }
        if (localLog) {
            throw new ConfigException("The data in " + metadataDir + " belongs to a one-node cluster; a node joining "
                    + "the quorum " + votersString + " needs an empty log.dirs");
        }
        if (raftLog) {
            List<String> groups = groupDirs(quorumDir);
            if (!groups.isEmpty() && !groups.contains(groupId)) {
                throw new ConfigException("The data in " + metadataDir + " belongs to the quorum of voters "
                        + recordedVoters(quorumDir) + ", not " + votersString
                        + "; start with those voters, or with an empty log.dirs to join this quorum");
            }
        }
        try {
            Files.createDirectories(quorumDir);
            Files.writeString(quorumDir.resolve(VOTERS_FILE), votersString + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + quorumDir.resolve(VOTERS_FILE), e);
        }
    }

    private static List<String> groupDirs(Path quorumDir) {
        try (Stream<Path> entries = Files.list(quorumDir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + quorumDir, e);
        }
    }

    private static String recordedVoters(Path quorumDir) {
        try {
            return Files.readString(quorumDir.resolve(VOTERS_FILE), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "(unknown: " + quorumDir.resolve(VOTERS_FILE) + " is missing)";
        }
    }
}
