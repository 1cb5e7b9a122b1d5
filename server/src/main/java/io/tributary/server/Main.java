package io.tributary.server;

import io.netty.util.ResourceLeakDetector;
import io.tributary.server.config.ServerArgs;
import io.tributary.server.config.ServerConfig;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process entry: {@code tributary server [--config FILE] [--set key=value]... [--help]}.
 *
 * <p>Exit codes: 0 after a clean shutdown or {@code --help}; 1 when the server fails to start;
 * 2 for bad arguments or bad configuration.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: tributary <command> [options]

            Commands:
              server    Run a Tributary node (broker and metadata quorum) in this process.

            Options of 'server':
              --config FILE      Read Apache Kafka server.properties-style settings from FILE.
              --set KEY=VALUE    Set one configuration key (repeatable; wins over --config).
              --help             Show this help.

            Examples:
              tributary server
              tributary server --config config/server.properties --set listeners=PLAINTEXT://:9092
            """;

    private Main() {}

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        int code = run(args, startNanos);
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    static int run(String[] args, long startNanos) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return EXIT_USAGE;
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            System.out.print(USAGE);
            return EXIT_OK;
        }
        if (!command.equals("server")) {
            System.err.println("tributary: unknown command '" + command + "'");
            System.err.print(USAGE);
            return EXIT_USAGE;
        }
        StartupWarmer.start();
        ServerArgs parsed;
        ServerConfig config;
        try {
            parsed = ServerArgs.parse(List.of(args).subList(1, args.length));
            if (parsed.help()) {
                System.out.print(USAGE);
                return EXIT_OK;
            }
            LoggerFactory.getILoggerFactory(); // sets up the logging, before anything else logs
            StartupWarmer.loggingReady();
            config = ServerConfig.load(parsed.configFile(), parsed.overrides());
        } catch (IllegalArgumentException e) {
            return fail(EXIT_USAGE, e.getMessage());
        }
        return serve(config, startNanos);
    }

    private static int serve(ServerConfig config, long startNanos) {
        Logger log = LoggerFactory.getLogger(Main.class);
        disableLeakDetectionUnlessAsked();
        Tributary tributary;
        try {
            tributary = Tributary.start(config);
        } catch (IllegalArgumentException e) {
            log.debug("Invalid configuration", e);
            return fail(EXIT_USAGE, "invalid configuration: " + e.getMessage());
        } catch (RuntimeException e) {
            log.debug("Start failed", e);
            return fail(EXIT_FAILED, "failed to start: " + describe(e)
                    + " (TRIBUTARY_LOG_LEVEL=DEBUG shows the stack trace)");
        }
        Thread hook = new Thread(() -> {
            log.info("Shutting down");
            tributary.close();
        }, "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Tributary ready on " + tributary.bootstrapServers() + " in " + sinceStart(startNanos)
                + " ms" + httpNote(tributary));
        System.out.flush();
        try {
            tributary.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    /**
     * Netty tracks a sample of its buffers to report leaks, recording a stack trace for each
     * (its default, "simple"); the server process turns that off unless {@code
     * -Dio.netty.leakDetection.level} asks for a level. Tests run with paranoid detection.
     */
    private static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Milliseconds since the JVM started (falls back to since main() was entered). */
    private static long sinceStart(long startNanos) {
        try {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        } catch (LinkageError | RuntimeException e) { // a runtime image without java.management
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    private static int fail(int code, String message) {
        PrintStream err = System.err;
        err.println("tributary: " + message);
        if (code == EXIT_USAGE) {
            err.println("Run 'tributary server --help' for usage.");
        }
        return code;
    }

    /** "; HTTP on http://host:port" for the first HTTP listener (its bound port), or nothing. */
    private static String httpNote(Tributary tributary) {
        if (tributary.config().httpListeners().isEmpty()) {
            return "";
        }
        String host = tributary.config().httpListeners().get(0).getHost();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return "; HTTP on http://" + host + ":" + tributary.httpPort();
    }
}
