package io.tributary.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

class ConsoleLogConfiguratorTest {

    @Test
    void rootLevelComesFromTheEnvironmentValueWithInfoAsDefault() {
        assertThat(ConsoleLogConfigurator.rootLevel(null)).isEqualTo(Level.INFO);
        assertThat(ConsoleLogConfigurator.rootLevel(" ")).isEqualTo(Level.INFO);
        assertThat(ConsoleLogConfigurator.rootLevel("debug")).isEqualTo(Level.DEBUG);
        assertThat(ConsoleLogConfigurator.rootLevel(" WARN ")).isEqualTo(Level.WARN);
        assertThat(ConsoleLogConfigurator.rootLevel("chatty")).isEqualTo(Level.INFO);
    }

    @Test
    void configuresTheConsoleAndQuietLibrariesWhenNothingElseIsConfigured() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);
        // this module's test class path has no logback(-test).xml, so the configurator takes over
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNotNull();
        context.stop();
    }

    @Test
    void defersToLogbackWhenAConfigurationFileIsNamed() {
        String old = System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            LoggerContext context = new LoggerContext();
            ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNull();
        } finally {
            if (old == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", old);
            }
        }
    }
}
