package io.tributary.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code tributary}: the command line of Tributary. {@code bin/tributary server} starts a node
 * (io.tributary.server.Main); every other command is served here, as a Kafka client.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 ok, 1 operation failed, 2 usage error, 3 cluster unreachable.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tributary: an event streaming platform that speaks the Kafka protocol.",
        subcommands = {CommandLine.HelpCommand.class, ServerCommand.class, TopicCommand.class, ProduceCommand.class,
            ConsumeCommand.class, GroupCommand.class, ClusterCommand.class, SchemaCommand.class,
            CompletionCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  the operation failed", "  2  usage error (bad command, option or argument)",
            "  3  the cluster could not be reached",
            "",
            "Cluster address: -b/--bootstrap, else TRIBUTARY_BOOTSTRAP, else bootstrap= in",
            "~/.config/tributary/profile, else 127.0.0.1:9092."})
public final class Main implements Runnable {

    @Option(names = {"-b", "--bootstrap"}, scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            description = "Bootstrap servers of the cluster (comma-separated).")
    String bootstrap;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "MS", defaultValue = "15000",
            description = "How long to wait for the cluster, in milliseconds (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show stack traces of errors and the clients' warnings.")
    boolean verbose;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Clients clients;

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
            System.setProperty("tributary.cli.log.level", "WARN");
        }
        System.exit(run(args));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cli = commandLine(main);
        return cli.execute(args);
    }

    /** {@code -h}/{@code --help} on every command and subcommand that lacks it, as the README promises. */
    private static void addHelpOption(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(Main::addHelpOption);
    }

    static CommandLine commandLine(Main main) {
        CommandLine cli = new CommandLine(main);
        addHelpOption(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            CliException c = Errors.translate(e, main.bootstrapForMessages());
            PrintWriter err = cmd.getErr();
            err.println("tributary: " + c.getMessage());
            if (c.hint() != null) {
                err.println(c.hint());
            }
            if (main.verbose) {
                (c.getCause() != null ? c.getCause() : c).printStackTrace(err);
            }
            err.flush();
            return c.exitCode();
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("tributary: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The clients for this invocation, created on first use (closed at exit with the JVM). */
    Clients clients() {
        if (clients == null) {
            clients = new Clients(Bootstrap.resolve(bootstrap, System.getenv()), timeoutMs);
        }
        return clients;
    }

    Clients clientsIfCreated() {
        return clients;
    }

    private String bootstrapForMessages() {
        try {
            return Bootstrap.resolve(bootstrap, System.getenv()).servers();
        } catch (RuntimeException e) {
            return String.valueOf(bootstrap);
        }
    }

    /** The version from the jar's manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tributary " + (v == null ? "(development build)" : v)};
        }
    }
}
