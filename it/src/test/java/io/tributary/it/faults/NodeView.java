package io.tributary.it.faults;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * What one node itself says about the cluster and a topic: a Metadata request sent on a connection
 * to that node alone (the Admin client sends metadata requests to whichever node it likes, so it
 * cannot tell a node with stale metadata, such as a deposed leader that has not learnt it yet, from
 * the others). Stateless.
 *
 * @param brokers the brokers the node lists (registered and unfenced)
 * @param partitions partition to "leader:isr" (leader -1: none)
 */
record NodeView(Set<Integer> brokers, Map<Integer, String> partitions) {

    private static final short VERSION = 12;

    /** Asks the node at {@code host:port} about {@code topic} (null: brokers only); bounded by 5 s. */
    static NodeView ask(String host, int port, String topic) throws IOException {
        MetadataRequestData body = new MetadataRequestData().setAllowAutoTopicCreation(false)
                .setTopics(topic == null ? List.of()
                        : List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(frame(body));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            ByteBufferAccessor acc = new ByteBufferAccessor(ByteBuffer.wrap(response));
            new ResponseHeaderData(acc, ApiKeys.METADATA.responseHeaderVersion(VERSION));
            MetadataResponseData r = new MetadataResponseData(acc, VERSION);
            Set<Integer> brokers = new TreeSet<>();
            r.brokers().forEach(b -> brokers.add(b.nodeId()));
            Map<Integer, String> partitions = new TreeMap<>();
            for (MetadataResponseData.MetadataResponseTopic t : r.topics()) {
                for (MetadataResponseData.MetadataResponsePartition p : t.partitions()) {
                    partitions.put(p.partitionIndex(), p.leaderId() + ":" + p.isrNodes() + "@" + p.leaderEpoch());
                }
            }
            return new NodeView(brokers, partitions);
        }
    }

    /** The leader of {@code partition} in this view, -1 for none or unknown. */
    int leader(int partition) {
        String v = partitions.get(partition);
        return v == null ? -1 : Integer.parseInt(v.substring(0, v.indexOf(':')));
    }

    /** Whether every partition has a leader and at least {@code rf} replicas in its ISR. */
    boolean fullIsrs(int rf) {
        if (partitions.isEmpty()) {
            return false;
        }
        for (String v : partitions.values()) {
            String isr = v.substring(v.indexOf('[') + 1, v.indexOf(']'));
            if (v.startsWith("-1:") || (isr.isBlank() ? 0 : isr.split(",").length) < rf) {
                return false;
            }
        }
        return true;
    }

    private static byte[] frame(MetadataRequestData body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                .setRequestApiVersion(VERSION).setClientId("fault-matrix-view").setCorrelationId(1);
        short headerVersion = ApiKeys.METADATA.requestHeaderVersion(VERSION);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, VERSION);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        header.write(new ByteBufferAccessor(buf), cache, headerVersion);
        body.write(new ByteBufferAccessor(buf), cache, VERSION);
        return buf.array();
    }
}
