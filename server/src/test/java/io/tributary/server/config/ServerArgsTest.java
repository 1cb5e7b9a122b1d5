package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerArgsTest {

    @Test
    void parsesConfigAndSets() {
        ServerArgs a = ServerArgs.parse(List.of("--config", "s.properties", "--set", "num.partitions=3",
                "--set=listeners=PLAINTEXT://:0", "-s", "a.b= c=d"));
        assertThat(a.configFile()).contains(Path.of("s.properties"));
        assertThat(a.overrides()).containsExactly(
                java.util.Map.entry("num.partitions", "3"),
                java.util.Map.entry("listeners", "PLAINTEXT://:0"),
                java.util.Map.entry("a.b", " c=d"));
        assertThat(a.help()).isFalse();
    }

    @Test
    void inlineConfigAndHelp() {
        ServerArgs a = ServerArgs.parse(List.of("--config=x.properties", "--help"));
        assertThat(a.configFile()).contains(Path.of("x.properties"));
        assertThat(a.help()).isTrue();
        assertThat(ServerArgs.parse(List.of()).configFile()).isEmpty();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> ServerArgs.parse(List.of("--config"))).hasMessage("--config needs a value");
        assertThatThrownBy(() -> ServerArgs.parse(List.of("--set", "novalue"))).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> ServerArgs.parse(List.of("--set", "=v"))).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> ServerArgs.parse(List.of("--verbose"))).hasMessage("unknown option '--verbose'");
        assertThatThrownBy(() -> ServerArgs.parse(List.of("-c", "a", "-c", "b")))
                .hasMessageContaining("more than once");
    }
}
