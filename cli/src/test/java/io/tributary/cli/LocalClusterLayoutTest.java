package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterLayoutTest {

    @TempDir
    Path base;

    /** A port p with p, p+1 and p+2 free on loopback. */
    private static int freePorts() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 2 <= 65535 && free(p + 1) && free(p + 2)) {
                return p;
            }
        }
        throw new AssertionError("no three consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void kafkaPortsFollowTheFirstAndEveryPortIsDistinct() throws Exception {
        int first = freePorts();
        LocalClusterLayout layout = LocalClusterLayout.plan(base, 3, first);

        Set<Integer> ports = new HashSet<>();
        for (int id = 1; id <= 3; id++) {
            LocalClusterLayout.Ports p = layout.ports(id);
            assertThat(p.kafka()).isEqualTo(first + id - 1);
            ports.addAll(List.of(p.kafka(), p.controller(), p.http()));
        }
        assertThat(ports).hasSize(9);
        assertThat(layout.voters()).isEqualTo("1@127.0.0.1:" + layout.ports(1).controller() + ",2@127.0.0.1:"
                + layout.ports(2).controller() + ",3@127.0.0.1:" + layout.ports(3).controller());
        assertThat(layout.serverArgs(2, List.of("num.partitions=3"))).containsSubsequence(
                "--set", "node.id=2", "--set", "log.dirs=" + base.resolve("node-2"), "--set", "num.partitions=3");
    }

    @Test
    void aLaterStartOnTheSameBaseDirectoryKeepsTheQuorumPorts() throws Exception {
        int first = freePorts();
        LocalClusterLayout before = LocalClusterLayout.plan(base, 2, first);
        LocalClusterLayout after = LocalClusterLayout.plan(base, 2, first);

        assertThat(after.voters()).isEqualTo(before.voters());
        assertThat(after.ports(2)).isEqualTo(before.ports(2));
        assertThat(LocalClusterLayout.plan(base, 3, first).voters()).isNotEqualTo(before.voters());
    }

    @Test
    void aKafkaPortInUseIsRefused() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalClusterLayout.plan(base, 1, busy.getLocalPort()))
                    .isInstanceOf(CliException.class).hasMessageContaining("in use");
        }
    }
}
