package io.tributary.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary cluster info} and {@code tributary cluster up} ({@link ClusterUp}). */
@Command(name = "cluster", description = "Show the cluster, or run a local one.",
        subcommands = {ClusterCommand.Info.class, ClusterUp.class})
final class ClusterCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a cluster command is required");
    }

    @Command(name = "info", description = "Cluster id, controller and brokers.")
    static final class Info extends Base {
        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;

        @Override
        int execute() throws Exception {
            DescribeClusterResult r = clients().admin().describeCluster();
            String clusterId = r.clusterId().get();
            Node controller = r.controller().get();
            List<Node> nodes = new ArrayList<>(r.nodes().get());
            nodes.sort(Comparator.comparingInt(Node::id));
            int topics = clients().admin().listTopics().names().get().size();
            if (format == Output.Format.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("clusterId", clusterId);
                out.put("controller", controller == null || controller.isEmpty() ? null : controller.id());
                List<Map<String, Object>> brokers = new ArrayList<>();
                for (Node n : nodes) {
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("id", n.id());
                    b.put("host", n.host());
                    b.put("port", n.port());
                    b.put("rack", n.rack());
                    brokers.add(b);
                }
                out.put("brokers", brokers);
                out.put("topics", topics);
                Output.json(out(), out);
                return ExitCodes.OK;
            }
            out().println("Cluster id: " + clusterId);
            out().println("Controller: " + (controller == null || controller.isEmpty() ? "none" : controller.id()));
            out().println("Topics:     " + topics);
            List<List<String>> rows = new ArrayList<>();
            for (Node n : nodes) {
                rows.add(List.of(Integer.toString(n.id()), n.host() + ":" + n.port(),
                        n.rack() == null ? "" : n.rack()));
            }
            Output.table(out(), List.of("BROKER", "ADDRESS", "RACK"), rows);
            return ExitCodes.OK;
        }
    }
}
