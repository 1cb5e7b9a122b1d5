package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.log.LocalMetadataLog;
import io.tributary.server.config.ConfigException;
import io.tributary.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node refuses, before writing anything, data that belongs to another cluster. */
class DataDirCheckTest {

    private static final String VOTERS = "1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093";

    @TempDir
    Path dir;

    private static ServerConfig voter(String voters) {
        return ServerConfig.of(Map.of("node.id", "1",
                "listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:19091",
                "controller.listener.names", "CONTROLLER", "controller.quorum.voters", voters));
    }

    private void check(ServerConfig config, String voters, String group) {
        DataDirCheck.check(dir, dir.resolve(Tributary.QUORUM_DIR), config.quorum(), voters, group);
    }

    @Test
    void aOneNodeClustersDataIsRefusedByANodeJoiningAQuorum() throws Exception {
        Files.createDirectories(dir.resolve(LocalMetadataLog.DIR_NAME));
        assertThatThrownBy(() -> check(voter(VOTERS), VOTERS, "g1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("belongs to a one-node cluster");
        assertThat(dir.resolve(Tributary.QUORUM_DIR)).doesNotExist();
    }

    @Test
    void aQuorumsDataIsRefusedWithoutVotersAndWithOtherVoters() throws Exception {
        check(voter(VOTERS), VOTERS, "g1");
        Files.createDirectories(dir.resolve(Tributary.QUORUM_DIR).resolve("g1"));
        check(voter(VOTERS), VOTERS, "g1"); // the same quorum starts again
        assertThatThrownBy(() -> check(ServerConfig.defaults(), null, null))
                .hasMessageContaining("belongs to a cluster with voters " + VOTERS);
        String other = "1@127.0.0.1:19091,2@127.0.0.1:29092,3@127.0.0.1:29093";
        assertThatThrownBy(() -> check(voter(other), other, "g2"))
                .hasMessageContaining("belongs to the quorum of voters " + VOTERS);
        assertThat(Files.list(dir.resolve(Tributary.QUORUM_DIR)).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrderElementsOf(List.of("g1", DataDirCheck.VOTERS_FILE));
    }
}
