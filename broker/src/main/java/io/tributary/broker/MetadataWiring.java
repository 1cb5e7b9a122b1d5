package io.tributary.broker;

import io.tributary.metadata.controller.Controller;
import io.tributary.metadata.controller.ControllerRouter;
import io.tributary.metadata.controller.ControllerRpc;
import io.tributary.metadata.controller.RemoteController;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.metadata.controller.QuorumController;
import io.tributary.metadata.log.LocalMetadataLog;
import io.tributary.metadata.quorum.LocalQuorum;
import io.tributary.metadata.quorum.MetadataQuorum;
import io.tributary.metadata.quorum.QuorumSettings;
import io.tributary.metadata.quorum.RatisQuorum;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Time;

/**
 * How a node reaches its metadata: the quorum it opens and the controller its broker talks to.
 * The single-node default keeps a local single-voter log and calls its own controller; a
 * cluster node opens a replicated quorum and routes controller calls to the active controller.
 */
public interface MetadataWiring {

    /** Opens the quorum; {@code listener} receives every applied image, from the first one on. */
    MetadataQuorum openQuorum(MetadataPublisher listener) throws IOException;

    /** Whether this node runs a controller (is a voter of the quorum). */
    boolean isController();

    /** The controller the broker calls, given this node's own (null when not a controller). */
    Controller controller(QuorumController local);

    /** The single-voter quorum in {@code metadataDir}, with this node as its only controller. */
    static MetadataWiring local(Path metadataDir, int nodeId, Time time) {
        return new MetadataWiring() {
            @Override
            public MetadataQuorum openQuorum(MetadataPublisher listener) throws IOException {
                LocalQuorum quorum = LocalQuorum.open(LocalMetadataLog.open(metadataDir, time), nodeId, time);
                quorum.setListener(listener);
                listener.publish(io.tributary.metadata.MetadataImage.EMPTY, quorum.image());
                return quorum;
            }

            @Override
            public boolean isController() {
                return true;
            }

            @Override
            public Controller controller(QuorumController local) {
                return local;
            }
        };
    }

    /**
     * A voter of the replicated quorum {@code settings} describes: its controller serves calls from
     * other nodes, and its broker calls whichever controller is active.
     */
    static MetadataWiring replicated(QuorumSettings settings, Time time) {
        AtomicReference<Controller> served = new AtomicReference<>();
        AtomicReference<RatisQuorum> opened = new AtomicReference<>();
        return new MetadataWiring() {
            @Override
            public MetadataQuorum openQuorum(MetadataPublisher listener) throws IOException {
                RatisQuorum quorum = RatisQuorum.start(settings.nodeId(), settings, time, listener,
                        request -> ControllerRpc.serve(request, served.get()));
                opened.set(quorum);
                return quorum;
            }

            @Override
            public boolean isController() {
                return true;
            }

            @Override
            public Controller controller(QuorumController local) {
                served.set(local);
                RatisQuorum quorum = opened.get();
                return new ControllerRouter(local, new RemoteController(local.config(), quorum::sendToController),
                        quorum);
            }
        };
    }
}
