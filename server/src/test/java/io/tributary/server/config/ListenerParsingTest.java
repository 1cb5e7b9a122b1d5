package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

class ListenerParsingTest {

    @Test
    void defaultListener() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.listeners()).containsExactly(
                new ListenerSpec("PLAINTEXT", "127.0.0.1", 9092, SecurityProtocol.PLAINTEXT));
        assertThat(c.advertisedListeners()).isEqualTo(c.listeners());
        assertThat(c.listenerSecurityProtocolMap()).containsOnlyKeys("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    }

    @Test
    void severalListenersWithMapAndWildcards() {
        ServerConfig c = ServerConfig.of(Map.of(
                "listeners", "internal://:9092, EXTERNAL://0.0.0.0:9093,TLS://[::1]:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,tls:ssl"));
        assertThat(c.listeners()).containsExactly(
                new ListenerSpec("INTERNAL", "", 9092, SecurityProtocol.PLAINTEXT),
                new ListenerSpec("EXTERNAL", "0.0.0.0", 9093, SecurityProtocol.SASL_PLAINTEXT),
                new ListenerSpec("TLS", "::1", 0, SecurityProtocol.SSL));
        assertThat(c.listeners().get(0).isWildcard()).isTrue();
        assertThat(c.listeners().get(2).hostPort()).isEqualTo("[::1]:0");
        assertThat(c.listeners().get(2)).hasToString("TLS://[::1]:0");
        assertThat(c.advertisedListeners()).extracting(ListenerSpec::hostPort)
                .containsExactly("127.0.0.1:9092", "127.0.0.1:9093", "[::1]:0");
        // no PLAINTEXT listener: the first advertised listener is the inter-broker one
        assertThat(c.interBrokerListenerName()).isEqualTo("INTERNAL");
    }

    @Test
    void explicitAdvertisedListeners() {
        ServerConfig c = ServerConfig.of(Map.of(
                "listeners", "PLAINTEXT://:9092",
                "advertised.listeners", "PLAINTEXT://broker1.example.com:19092"));
        assertThat(c.advertisedListeners()).containsExactly(
                new ListenerSpec("PLAINTEXT", "broker1.example.com", 19092, SecurityProtocol.PLAINTEXT));
    }

    @Test
    void controllerListenersDefaultToPlaintextAndAreNotAdvertised() {
        ServerConfig c = ServerConfig.of(Map.of(
                "listeners", "PLAINTEXT://:9092,CONTROLLER://:9093",
                "controller.listener.names", "CONTROLLER"));
        assertThat(c.listeners()).hasSize(2);
        assertThat(c.listenerSecurityProtocolMap()).containsEntry("CONTROLLER", SecurityProtocol.PLAINTEXT);
        assertThat(c.advertisedListeners()).extracting(ListenerSpec::name).containsExactly("PLAINTEXT");
    }

    @Test
    void rejectsMalformedListeners() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "localhost:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listeners").hasMessageContaining("localhost:9092");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://host")))
                .hasMessageContaining("NAME://host:port");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://host:abc")))
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "")))
                .hasMessageContaining("listeners");
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://:65536")))
                .hasMessageContaining("65536").hasMessageContaining("0..65535");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://:-1")))
                .hasMessageContaining("0..65535");
        assertThat(ServerConfig.of(Map.of("listeners", "PLAINTEXT://:65535")).listeners().get(0).port())
                .isEqualTo(65535);
    }

    @Test
    void rejectsDuplicateNamesAndPorts() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://:9092,plaintext://:9093")))
                .hasMessageContaining("PLAINTEXT").hasMessageContaining("more than once");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "PLAINTEXT://:9092,SSL://127.0.0.1:9092")))
                .hasMessageContaining("port 9092");
        // two ephemeral ports are fine
        assertThat(ServerConfig.of(Map.of("listeners", "PLAINTEXT://:0,SSL://:0")).listeners()).hasSize(2);
    }

    @Test
    void rejectsUnmappedListenerNameAndBadProtocol() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listeners", "CLIENT://:9092")))
                .hasMessageContaining("No security protocol defined for listener CLIENT");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listener.security.protocol.map", "PLAINTEXT:HTTP")))
                .hasMessageContaining("listener.security.protocol.map").hasMessageContaining("HTTP");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("listener.security.protocol.map", "PLAINTEXT")))
                .hasMessageContaining("NAME:PROTOCOL");
    }

    @Test
    void advertisedListenersAreChecked() {
        assertThatThrownBy(() -> ServerConfig.of(Map.of("advertised.listeners", "PLAINTEXT://0.0.0.0:9092")))
                .hasMessageContaining("non-routable");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("advertised.listeners", "SSL://host:9093")))
                .hasMessageContaining("SSL").hasMessageContaining("not one of the listeners");
    }

    @Test
    void interBrokerListenerMustExist() {
        assertThat(ServerConfig.of(Map.of("listeners", "PLAINTEXT://:9092,SSL://:9093",
                "inter.broker.listener.name", "ssl")).interBrokerListenerName()).isEqualTo("SSL");
        assertThatThrownBy(() -> ServerConfig.of(Map.of("inter.broker.listener.name", "REPLICATION")))
                .hasMessageContaining("inter.broker.listener.name");
    }
}
