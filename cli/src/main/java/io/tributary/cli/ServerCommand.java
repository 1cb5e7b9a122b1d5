package io.tributary.cli;

import picocli.CommandLine.Command;

/**
 * Listed for help only: {@code bin/tributary server} runs the node's own entry point
 * (io.tributary.server.Main), which does not depend on this module.
 */
@Command(name = "server", description = "Run a Tributary node in this process (see 'tributary server --help').")
final class ServerCommand implements Runnable {
    @Override
    public void run() {
        throw new CliException(ExitCodes.USAGE, "'server' is run by the launcher: use bin/tributary server",
                "bin/tributary server --help lists its options.");
    }
}
