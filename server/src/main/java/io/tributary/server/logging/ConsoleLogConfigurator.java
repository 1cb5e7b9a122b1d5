package io.tributary.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

/**
 * The server's default logging, set up in code instead of by parsing an XML file (Logback's XML
 * configuration costs a large share of the server's start-up time). Found by Logback through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 *
 * <p>What it sets up: one console appender on standard output with the pattern {@value #PATTERN};
 * {@code io.netty}, {@code org.apache.kafka} and {@code org.apache.ratis} at WARN; the root level
 * from the environment variable {@code TRIBUTARY_LOG_LEVEL} (default INFO; an unknown name also
 * means INFO). Logback's own status messages are not printed.
 *
 * <p>Invariant: it never overrides an explicit configuration. When {@code -Dlogback.configurationFile}
 * is set, or a {@code logback-test.xml} or {@code logback.xml} is on the class path (tests, an
 * application embedding Tributary, the CLI), it configures nothing and lets Logback's own
 * configurators run as they would without it.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    static final String LEVEL_ENV = "TRIBUTARY_LOG_LEVEL";
    private static final List<String> QUIET = List.of("io.netty", "org.apache.kafka", "org.apache.ratis");

    /** Logback instantiates configurators through this constructor. */
    public ConsoleLogConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (explicitConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(System.getenv(LEVEL_ENV)));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The root level for the value of {@code TRIBUTARY_LOG_LEVEL} (null or unknown: INFO). */
    static Level rootLevel(String value) {
        return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.trim(), Level.INFO);
    }

    private static boolean explicitConfiguration() {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        return onClassPath(ContextInitializer.TEST_AUTOCONFIG_FILE) || onClassPath(ContextInitializer.AUTOCONFIG_FILE);
    }

    /**
     * Whether {@code name} is on the class path outside this class's own jar or classes directory
     * (which may still hold the logback.xml of a build from before this class existed).
     */
    private static boolean onClassPath(String name) {
        ClassLoader loader = ConsoleLogConfigurator.class.getClassLoader();
        String own = ConsoleLogConfigurator.class.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL url : Collections.list(loader.getResources(name))) {
                if (!url.toString().contains(own)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: let Logback look for itself
        }
    }
}
