package io.tributary.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that talks to the cluster shares: the clients, stdout and stderr. */
abstract class Base implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    Main root() {
        return (Main) spec.root().userObject();
    }

    Clients clients() {
        return root().clients();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Parses {@code key=value} pairs; a pair without '=' is a usage error. */
    Map<String, String> keyValues(List<String> pairs, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw usage(option + " expects key=value, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } finally {
            Clients c = root().clientsIfCreated();
            if (c != null) {
                c.close();
            }
        }
    }

    abstract int execute() throws Exception;
}
