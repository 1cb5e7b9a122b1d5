package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quorum keys: a node without voters is a cluster of one; with voters, every mistake is named. */
class QuorumConfigTest {

    private static final String VOTERS = "1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093";

    private static Map<String, String> voter(int id) {
        Map<String, String> m = new HashMap<>();
        m.put("node.id", Integer.toString(id));
        m.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:1909" + id);
        m.put("controller.listener.names", "CONTROLLER");
        m.put("controller.quorum.voters", VOTERS);
        return m;
    }

    @Test
    void withoutVotersANodeIsAClusterOfOne() {
        assertThat(ServerConfig.defaults().quorum().isReplicated()).isFalse();
    }

    @Test
    void votersAreParsedInKafkasSyntax() {
        QuorumConfig q = ServerConfig.of(voter(2)).quorum();
        assertThat(q.isReplicated()).isTrue();
        assertThat(q.voters()).containsOnlyKeys(1, 2, 3);
        assertThat(q.voters().get(3).getPort()).isEqualTo(19093);
        assertThat(q.controllerListener()).isEqualTo("CONTROLLER");
    }

    @Test
    void aControllerListenerIsRequiredAndMustMatchTheVoterEntry() {
        Map<String, String> noNames = voter(1);
        noNames.remove("controller.listener.names");
        noNames.put("listeners", "PLAINTEXT://127.0.0.1:0");
        assertThatThrownBy(() -> ServerConfig.of(noNames)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("controller.listener.names");
        Map<String, String> noListener = voter(1);
        noListener.put("listeners", "PLAINTEXT://127.0.0.1:0");
        assertThatThrownBy(() -> ServerConfig.of(noListener)).hasMessageContaining("CONTROLLER://");
        Map<String, String> otherPort = voter(1);
        otherPort.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:29091");
        assertThatThrownBy(() -> ServerConfig.of(otherPort)).hasMessageContaining("1@127.0.0.1:19091");
    }

    @Test
    void aNodeOutsideTheVotersAndUnsupportedRolesAreRefused() {
        Map<String, String> outsider = voter(1);
        outsider.put("node.id", "7");
        assertThatThrownBy(() -> ServerConfig.of(outsider)).hasMessageContaining("not one of the voters");
        Map<String, String> brokerOnly = voter(1);
        brokerOnly.put("process.roles", "broker");
        assertThatThrownBy(() -> ServerConfig.of(brokerOnly)).hasMessageContaining("broker-only");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("process.roles", "controller")))
                .hasMessageContaining("controller.quorum.voters");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("controller.quorum.bootstrap.servers", "127.0.0.1:9093")))
                .hasMessageContaining("dynamic quorums are not supported yet");
    }

    @Test
    void malformedOrDuplicateVotersAreRefused() {
        Map<String, String> bad = voter(1);
        bad.put("controller.quorum.voters", "1@127.0.0.1:19091,two@127.0.0.1:19092");
        assertThatThrownBy(() -> ServerConfig.of(bad))
                .hasMessageContaining("'two@127.0.0.1:19092' is not id@host:port");
        Map<String, String> dup = voter(1);
        dup.put("controller.quorum.voters", "1@127.0.0.1:19091,1@127.0.0.1:19092");
        assertThatThrownBy(() -> ServerConfig.of(dup)).hasMessageContaining("distinct");
    }
}
