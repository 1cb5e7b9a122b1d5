package io.tributary.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a shell completion script: {@code source <(tributary completion bash)}. */
@Command(name = "completion",
        description = "Print a completion script: source <(tributary completion bash) (bash and zsh).")
final class CompletionCommand implements Runnable {

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (zsh runs the bash script through bashcompinit).")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliException(ExitCodes.USAGE, "no completion for shell '" + shell + "'", "Use bash or zsh.");
        }
        String script = AutoComplete.bash("tributary", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
