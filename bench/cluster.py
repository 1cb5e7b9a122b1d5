"""Cluster mode of bench/run.sh (--cluster): a 3-node Tributary cluster and a 3-node Apache Kafka cluster on this
machine, one after the other in the same run, driven by the same client tools (see docs/performance.md, "Cluster").

Per system: N timed start-ups of the whole cluster (launch of the three JVMs -> all-ready), produce and consume
throughput with acks=all on a topic of --partitions partitions and --replication-factor replicas, a microsecond
end-to-end latency run (acks=all), then M controller failovers (kill -9 of the active controller -> the next
successful topic creation through a surviving node; the node is restarted on its data before the next one).
Standard library only; it reuses bench.py's environment, tools and parsers.
"""

import base64
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid

import bench as b

NODES = 3
UNSUPPORTED_NOTE = ("replication factor %d is not supported by this Tributary build (%s); falling back to "
                    "replication factor 1 for both systems, so the ratios compare like with like")


LIVE = []  # every cluster started and not yet stopped: main() stops them whatever happens
PROBES = []  # every probe process started: main() kills those still running


def probe_process(cmd, stdin=subprocess.PIPE):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=stdin, text=True)
    PROBES.append(p)
    return p


def read_all(probe, timeout_s, nodes=()):
    """The rest of a probe's output once it exits. It is killed after TIMEOUT_S (each probe has its own, shorter,
    timeout, so this only guards against a hang) or as soon as one of NODES (Popen) exits: a probe cannot tell
    an exited node that is still this process's unreaped child from a live one."""
    deadline = time.time() + timeout_s
    while probe.poll() is None:
        if time.time() > deadline or any(n.poll() is not None for n in nodes):
            probe.kill()
            break
        time.sleep(0.02)
    text = probe.stdout.read()
    probe.wait()
    return text


class Cluster:
    """NODES processes of one system on loopback, node i (1-based) with Kafka port ports[i] and controller port
    cports[i]; each a broker and a voter of the metadata quorum. Node output goes to node-i.out (appended on a
    restart)."""
    name = "?"

    def __init__(self, env, workdir):
        self.env = env
        self.workdir = workdir
        self.ports = {i: b.free_port() for i in range(1, NODES + 1)}
        self.cports = {i: b.free_port() for i in range(1, NODES + 1)}
        self.procs = {}

    def address(self, i):
        return "127.0.0.1:%d" % self.ports[i]

    @property
    def bootstrap(self):
        return ",".join(self.address(i) for i in sorted(self.ports))

    @property
    def voters(self):
        return ",".join("%d@127.0.0.1:%d" % (i, self.cports[i]) for i in sorted(self.cports))

    def data_dir(self, i):
        return os.path.join(self.workdir, "node-%d" % i, "data")

    def prepare(self, rf):
        """Writes the nodes' configuration (and formats their storage) before the timed launch."""

    def node_cmd(self, i):
        raise NotImplementedError

    def pids(self):
        return [p.pid for p in self.procs.values()]

    def launch(self, i):
        if self not in LIVE:
            LIVE.append(self)
        with open(os.path.join(self.workdir, "node-%d.out" % i), "a") as out:
            self.procs[i] = subprocess.Popen(self.node_cmd(i), stdout=out, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)

    def ready_cmd(self, timeout_s, rf, topic, pids):
        return self.env.cluster_cmd("ready", self.bootstrap, str(timeout_s * 1000), str(NODES), str(rf), topic, pids)

    def start(self, timeout_s, rf, topic):
        """Launches every node; returns (launch -> all-ready ms, the probe's output). The probe's JVM is started
        first and waits, classes loaded, for the pids; the clock starts right before the first node's launch."""
        self.prepare(rf)
        b.read_into_page_cache(b.files_read_at_start(self.node_cmd(1)))
        probe = probe_process(self.ready_cmd(timeout_s, rf, topic, "-"))
        first = probe.stdout.readline()
        if first.strip() != "WAITING":
            probe.kill()
            probe.wait()
            raise b.BenchError("%s: the ready probe did not start: %s%s" % (self.name, first, probe.stdout.read()))
        t0 = b.now_ms()
        for i in sorted(self.ports):
            self.launch(i)
        probe.stdin.write(",".join(str(p) for p in self.pids()) + "\n")
        probe.stdin.close()
        return self.finish_probe(probe, first, t0, timeout_s)

    def finish_probe(self, probe, first, t0, timeout_s):
        text = read_all(probe, timeout_s + 60, list(self.procs.values()))
        for i, why in sorted(self.exited().items()):
            text += "\nnode %d exited (%s)" % (i, why)
        with open(os.path.join(self.workdir, "ready-probe.txt"), "a") as f:
            f.write(first + text)
        m = re.search(r"READY epoch_ms=(\d+)", text)
        if probe.returncode != 0 or not m:
            raise b.BenchError("%s cluster did not become ready (%s); node output in %s" % (
                self.name, text.strip()[-500:], self.workdir))
        return int(m.group(1)) - t0, text

    def await_ready(self, timeout_s, rf, topic):
        """Waits until the running cluster is all-ready again; returns the milliseconds it took."""
        t0 = b.now_ms()
        probe = probe_process(self.ready_cmd(timeout_s, rf, topic, ",".join(str(p) for p in self.pids())),
                              stdin=subprocess.DEVNULL)
        return self.finish_probe(probe, "", t0, timeout_s)[0]

    def exited(self):
        """{node: the last line of its output} of the nodes that exited on their own."""
        out = {}
        for i, p in self.procs.items():
            if p.poll() is not None:
                with open(os.path.join(self.workdir, "node-%d.out" % i), errors="replace") as f:
                    lines = [l.strip() for l in f if l.strip()]
                out[i] = "exit status %s: %s" % (p.returncode, lines[-1][:300] if lines else "")
        return out

    def cpu(self):
        """(utime, stime) summed over the running nodes, or None when one has exited."""
        u = k = 0.0
        for p in self.procs.values():
            s = b.cpu_split(p.pid)
            if s is None or p.poll() is not None:
                return None
            u, k = u + s[0], k + s[1]
        return u, k

    def rss_mib(self):
        return round(sum(b.mem(p.pid).get("VmRSS", 0) for p in self.procs.values()), 1)

    def kill(self, i):
        """SIGKILL of node i; returns the epoch milliseconds just before the signal."""
        p = self.procs.pop(i)
        t = b.now_ms()
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        return t

    def stop(self):
        """SIGTERM to every node, then SIGKILL after 60 s."""
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for i, p in self.procs.items():
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                b.log("%s node %d (pid %d) did not stop within 60 s; SIGKILL" % (self.name, i, p.pid))
                p.kill()
                p.wait()
        self.procs = {}
        if self in LIVE:
            LIVE.remove(self)


class TributaryCluster(Cluster):
    """Tributary nodes as `bin/tributary server` runs them (the command captured by bench.snapshot_tributary), with
    the settings `bin/tributary cluster up` gives its nodes."""
    name = "tributary"

    def __init__(self, env, workdir, dist, settings=()):
        super().__init__(env, workdir)
        with open(os.path.join(dist, "command.json")) as f:
            self.jvm = json.load(f)
        self.settings = list(settings)

    def node_cmd(self, i):
        sets = ["node.id=%d" % i, "process.roles=broker,controller",
                "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d" % (self.ports[i], self.cports[i]),
                "controller.listener.names=CONTROLLER", "controller.quorum.voters=" + self.voters,
                "log.dirs=" + self.data_dir(i), "http.listeners=http://127.0.0.1:0",
                "group.initial.rebalance.delay.ms=0"] + self.settings
        return self.jvm + ["io.tributary.server.Main", "server"] + [a for kv in sets for a in ("--set", kv)]


KAFKA_NODE_PROPS = """process.roles=broker,controller
node.id={i}
controller.quorum.voters={voters}
listeners=PLAINTEXT://127.0.0.1:{p},CONTROLLER://127.0.0.1:{c}
advertised.listeners=PLAINTEXT://127.0.0.1:{p},CONTROLLER://127.0.0.1:{c}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs={d}
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor={rf}
transaction.state.log.replication.factor={rf}
transaction.state.log.min.isr={misr}
share.coordinator.state.topic.replication.factor={rf}
share.coordinator.state.topic.min.isr={misr}
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
group.initial.rebalance.delay.ms=0
"""


class KafkaCluster(Cluster):
    """Apache Kafka KRaft nodes in combined mode with a static voter set, configured as kafka-anchor.sh's
    cluster-start configures them (internal topics with the run's replication factor), formatted with one
    cluster id before the timed launch."""
    name = "kafka"

    def prepare(self, rf):
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if cid.startswith("-"):
            cid = "A" + cid[1:]
        for i in sorted(self.ports):
            nd = os.path.join(self.workdir, "node-%d" % i)
            shutil.rmtree(nd, ignore_errors=True)
            os.makedirs(self.data_dir(i))
            with open(os.path.join(nd, "server.properties"), "w") as f:
                f.write(KAFKA_NODE_PROPS.format(i=i, voters=self.voters, p=self.ports[i], c=self.cports[i],
                                                d=self.data_dir(i), rf=rf, misr=min(2, rf)))
            with open(os.path.join(nd, "log4j2.properties"), "w") as f:
                f.write("status = warn\nappender.file.type = File\nappender.file.name = FILE\n"
                        "appender.file.fileName = %s/server.log\nappender.file.layout.type = PatternLayout\n"
                        "appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n\nrootLogger.level = INFO\n"
                        "rootLogger.appenderRef.file.ref = FILE\nlogger.request.name = kafka.request.logger\n"
                        "logger.request.level = WARN\n" % nd)
            rc, text = b.run([self.env.java, "-Xmx256M", "-Dlog4j2.configurationFile=file:" + self.env.tools_log4j,
                              "-cp", self.env.broker_libs + "/*", "kafka.tools.StorageTool", "format", "-t", cid,
                              "-c", os.path.join(nd, "server.properties")], os.path.join(nd, "format.out"), 300)
            if rc != 0:
                raise b.BenchError("kafka storage format failed on node %d:\n%s" % (i, text[-3000:]))

    def node_cmd(self, i):
        nd = os.path.join(self.workdir, "node-%d" % i)
        return ([self.env.java] + b.KAFKA_HEAP + b.KAFKA_PERF_OPTS +
                ["-Dlog4j2.configurationFile=file:" + os.path.join(nd, "log4j2.properties"),
                 "-Dkafka.logs.dir=" + nd, "-cp", self.env.broker_libs + "/*", "kafka.Kafka",
                 os.path.join(nd, "server.properties")])


# --------------------------------------------------------------------------------------------- a run ---

class State:
    """What the run learnt so far: the replication factor in use and the notes to print."""

    def __init__(self, rf):
        self.requested_rf = rf
        self.rf = rf
        self.notes = []

    def unsupported(self, message):
        if self.rf == 1:
            return
        note = UNSUPPORTED_NOTE % (self.rf, message.strip())
        b.log("NOTE: " + note)
        self.notes.append(note)
        self.rf = 1


def loadavg():
    """The 1-minute load average: how busy the machine was (it is shared with the clients, and maybe others)."""
    return float(open("/proc/loadavg").read().split()[0])


def tool_step(env, cluster, cmd, out_file, timeout, parse, payload_bytes):
    """Runs one client tool; returns its parsed figures with the cluster's CPU (sum over the nodes) added."""
    before, w0, t0 = cluster.cpu(), time.time(), b.children_cpu()
    rc, text = b.run(cmd, out_file, timeout)
    after, w1, t1 = cluster.cpu(), time.time(), b.children_cpu()
    if before is None or after is None:
        raise b.BenchError("a %s node exited during %s" % (cluster.name, out_file))
    r = parse(text)
    if r is None:
        return None, rc, text
    (u0, k0), (u1, k1) = before, after
    r.update({"broker_cpu_s": round(u1 + k1 - u0 - k0, 3), "client_cpu_s": round(t1 - t0, 3),
              "wall_s": round(w1 - w0, 3), "exit": rc, "loadavg_1m_after": loadavg()})
    if payload_bytes:
        r["broker_cpu_s_per_gb"] = round((u1 + k1 - u0 - k0) / (payload_bytes / 1e9), 3)
        r["broker_sys_cpu_s_per_gb"] = round((k1 - k0) / (payload_bytes / 1e9), 3)
    return r, rc, text


def create_topics(env, cluster, state, cfg, outdir, topics):
    rc, text = b.run(env.cluster_cmd("create", cluster.bootstrap, str(cfg["partitions"]), str(state.rf), *topics),
                     os.path.join(outdir, "topics.txt"), 180)
    m = re.search(r"^RF_UNSUPPORTED rf=\d+ message=(.*)$", text, re.M)
    if rc == 4 and m:
        state.unsupported(m.group(1))
        rc, text = b.run(env.cluster_cmd("create", cluster.bootstrap, str(cfg["partitions"]), "1", *topics),
                         os.path.join(outdir, "topics-rf1.txt"), 180)
    if rc != 0:
        raise b.BenchError("%s: topic creation failed:\n%s" % (cluster.name, text[-2000:]))


def workloads(env, cluster, state, cfg, outdir, res):
    """Produce, consume and e2e on the running cluster, each with acks=all."""
    topics = {s: "bench-c-s%d" % s for s in cfg["sizes"]}
    create_topics(env, cluster, state, cfg, outdir, list(topics.values()) + ["bench-c-e2e"])
    res["replication_factor"] = state.rf
    res["produce"], res["consume"] = {}, {}
    for s in cfg["sizes"]:
        key = "%dB" % s
        b.log("%s: produce %d x %d B acks=all, %d partitions, RF %d" % (cluster.name, cfg["records"], s,
                                                                       cfg["partitions"], state.rf))
        r, rc, text = tool_step(env, cluster, env.tool_cmd(
            "org.apache.kafka.tools.ProducerPerformance", "--topic", topics[s], "--num-records", str(cfg["records"]),
            "--record-size", str(s), "--throughput", "-1", "--command-property",
            "bootstrap.servers=" + cluster.bootstrap, "acks=all", "linger.ms=%d" % cfg["linger_ms"],
            "batch.size=%d" % cfg["batch_size"]), os.path.join(outdir, "produce-%s.txt" % key),
            cfg["tool_timeout_s"], b.parse_producer, cfg["records"] * s)
        if r is None or r["records"] != cfg["records"]:
            res["errors"].append("produce %s failed (exit %s): %s" % (key, rc, text.strip().splitlines()[-1:]))
        else:
            res["produce"][key] = r
    if res["produce"]:
        # one unmeasured group consumption first: the first group pays one-time costs (__consumer_offsets)
        b.run(env.tool_cmd("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", cluster.bootstrap,
                           "--topic", topics[cfg["sizes"][0]], "--num-records", "1000", "--group",
                           "bench-c-warmup", "--timeout", "60000"),
              os.path.join(outdir, "consume-warmup.txt"), cfg["tool_timeout_s"])
    for s in cfg["sizes"]:
        key = "%dB" % s
        if key not in res["produce"]:
            continue
        b.log("%s: consume %d x %d B" % (cluster.name, cfg["records"], s))
        r, rc, text = tool_step(env, cluster, env.tool_cmd(
            "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", cluster.bootstrap, "--topic",
            topics[s], "--num-records", str(cfg["records"]), "--group", "bench-c-%s-%d" % (key, time.time()),
            "--timeout", "30000", "--print-metrics"), os.path.join(outdir, "consume-%s.txt" % key),
            cfg["tool_timeout_s"], b.parse_consumer, cfg["records"] * s)
        if r is None or r["records"] < cfg["records"]:
            res["errors"].append("consume %s failed (exit %s): %s" % (key, rc, text.strip().splitlines()[-1:]))
        else:
            res["consume"][key] = r
    n, size = cfg["e2e_records"], cfg["e2e_size"]
    b.log("%s: e2e (microsecond resolution) %d x %d B acks=all" % (cluster.name, n, size))
    r, rc, text = tool_step(env, cluster, env.helper_cmd("e2e", cluster.bootstrap, "bench-c-e2e", str(n), "all",
                                                         str(size)),
                            os.path.join(outdir, "e2e-fine.txt"), cfg["tool_timeout_s"], b.parse_e2e_fine, 0)
    if r is None:
        res["errors"].append("fine e2e failed (exit %s): %s" % (rc, text.strip().splitlines()[-1:]))
    else:
        res["e2e_fine"] = r


def active_controller(env, cluster, outdir, addresses=None):
    rc, text = b.run(env.cluster_cmd("quorum", addresses or cluster.bootstrap), os.path.join(outdir, "quorum.txt"), 90)
    m = re.search(r"^leader (-?\d+) epoch (\d+)", text, re.M)
    if rc != 0 or not m or int(m.group(1)) not in cluster.ports:
        raise b.BenchError("%s: no active controller from DescribeQuorum: %s" % (cluster.name, text[-1000:]))
    return int(m.group(1)), int(m.group(2))


def failover(env, cluster, state, cfg, outdir, rep):
    """Kills the active controller, times the next successful topic creation through a surviving node, then
    restarts the killed node on its data and waits until the cluster is all-ready again."""
    leader, epoch = active_controller(env, cluster, outdir)
    survivors = [cluster.address(i) for i in sorted(cluster.ports) if i != leader]
    probe = probe_process(env.cluster_cmd("failover", ",".join(survivors), str(cfg["failover_timeout_s"] * 1000),
                                          "bench-c-failover-%d" % rep))
    first = probe.stdout.readline()
    if first.strip() != "WAITING":
        probe.kill()
        probe.wait()
        raise b.BenchError("%s: the failover probe did not start: %s" % (cluster.name, first))
    if cluster.exited():  # a kill now would leave the quorum without a majority
        probe.kill()
        probe.wait()
        return None
    b.log("%s: failover %d: kill -9 of the active controller, node %d (epoch %d)" % (cluster.name, rep, leader, epoch))
    r = {"killed": leader, "old_epoch": epoch, "loadavg_1m_before": loadavg()}
    t0 = cluster.kill(leader)
    probe.stdin.write("go\n")
    probe.stdin.close()
    text = read_all(probe, cfg["failover_timeout_s"] + 60, list(cluster.procs.values()))
    with open(os.path.join(outdir, "failover-%d.txt" % rep), "w") as f:
        f.write(first + text)
    m = re.search(r"CREATED epoch_ms=(\d+)", text)
    if m:
        r["failover_ms"] = int(m.group(1)) - t0
        try:
            r["new_controller"], r["new_epoch"] = active_controller(env, cluster, outdir, ",".join(survivors))
        except b.BenchError as e:
            r["new_controller_error"] = str(e)
    else:
        r["error"] = "no topic creation succeeded: " + text.strip()[-500:]
    cluster.launch(leader)
    try:
        r["rejoin_ms"] = cluster.await_ready(cfg["ready_timeout_s"], state.rf, "bench-c-rejoin-%d" % rep)
    except b.BenchError as e:  # the failover is measured; revive() starts a node that exited again
        r["error"] = "restart of node %d after failover %d: %s" % (leader, rep, e)
    b.log("%s: failover %d: %s ms to a topic creation; node %d back in %s ms" % (
        cluster.name, rep, r.get("failover_ms", "-"), leader, r.get("rejoin_ms", "-")))
    time.sleep(cfg["settle_s"])
    return r


def revive(env, cluster, state, cfg, res, when, restart=True):
    """A node that exited on its own is an error of the run; it is started again (on its data) so that the
    remaining failovers still have a whole cluster."""
    for i, why in sorted(cluster.exited().items()):
        res["errors"].append("%s: node %d had exited (%s; output in %s)" % (when, i, why, cluster.workdir))
        b.log("ERROR: %s node %d had exited %s: %s" % (cluster.name, i, when, why))
        cluster.procs.pop(i)
        if restart:
            cluster.launch(i)
            cluster.await_ready(cfg["ready_timeout_s"], state.rf, "bench-c-revive-%d-%d" % (i, time.time()))
            time.sleep(cfg["settle_s"])


def measure(env, cfg, state, kind, outdir, dist, settings):
    """One system: its start-ups, the workloads, the failovers. Returns a dict of results."""
    res = {"system": kind, "errors": [], "startup_ms": [], "rss_at_ready_mib": [], "failovers": []}
    cluster = None
    for rep in range(1, cfg["starts"] + 1):
        d = os.path.join(outdir, "start-%d" % rep)
        os.makedirs(d, exist_ok=True)
        cluster = (TributaryCluster(env, d, dist, settings) if kind == "tributary" else KafkaCluster(env, d))
        b.log("=== %s: cluster start %d/%d (RF %d)" % (kind, rep, cfg["starts"], state.rf))
        try:
            ms, text = cluster.start(cfg["ready_timeout_s"], state.rf, "bench-c-ready")
        except b.BenchError:
            cluster.stop()
            raise
        m = re.search(r"^RF_UNSUPPORTED rf=\d+ message=(.*)$", text, re.M)
        if m:
            state.unsupported(m.group(1))
        res["startup_ms"].append(ms)
        res["rss_at_ready_mib"].append(cluster.rss_mib())
        res.setdefault("startup_loadavg_1m", []).append(loadavg())
        b.log("%s: all-ready in %d ms (pids %s, %s; load %.1f)" % (kind, ms, cluster.pids(), cluster.bootstrap,
                                                                  loadavg()))
        if rep < cfg["starts"]:
            cluster.stop()
            for i in cluster.ports:
                shutil.rmtree(cluster.data_dir(i), ignore_errors=True)
    try:
        try:
            workloads(env, cluster, state, cfg, cluster.workdir, res)
        except b.BenchError as e:  # the start-ups are measured already, and the failovers need no topic
            res["errors"].append(str(e))
        res["rss_after_traffic_mib"] = cluster.rss_mib()
        rep = attempts = 0
        while rep < cfg["failovers"] and attempts < 2 * cfg["failovers"]:
            attempts += 1
            try:
                revive(env, cluster, state, cfg, res, "before failover %d" % (rep + 1))
                r = failover(env, cluster, state, cfg, cluster.workdir, rep + 1)
            except b.BenchError as e:
                res["errors"].append("failover %d: %s" % (rep + 1, e))
                break
            if r is not None:  # None: a node exited before the kill; revive() restarts it and it is done again
                res["failovers"].append(r)
                rep += 1
        revive(env, cluster, state, cfg, res, "after the failovers", restart=False)
    finally:
        cluster.stop()
        for i in cluster.ports:
            shutil.rmtree(cluster.data_dir(i), ignore_errors=True)
    res["errors"] += [f["error"] for f in res["failovers"] if "error" in f]
    return res


# ------------------------------------------------------------------------------------------- summary ---

def median(vals):
    vals = [v for v in vals if isinstance(v, (int, float))]
    return statistics.median(vals) if vals else None


def figures(cfg):
    """(key, label, unit, getter, better) for the table."""
    out = [("startup_ms", "cluster start-up to all-ready (median of %d)" % cfg["starts"], "ms",
            lambda r: median(r.get("startup_ms", [])), "lower"),
           ("rss_at_ready", "RSS of the 3 nodes at ready", "MiB", lambda r: median(r.get("rss_at_ready_mib", [])),
            "lower")]
    g = (lambda k, kind: lambda f: lambda r: (r.get(kind, {}).get(k) or {}).get(f))
    for k in ["%dB" % s for s in cfg["sizes"]]:
        p = g(k, "produce")
        out += [("produce.%s.rec_per_s" % k, "produce %s acks=all records/s" % k, "rec/s", p("rec_per_s"), "higher"),
                ("produce.%s.mib_per_s" % k, "produce %s acks=all MB/s" % k, "MiB/s", p("mib_per_s"), "higher"),
                ("produce.%s.p99_ms" % k, "produce %s acks=all p99 latency" % k, "ms", p("p99_ms"), "lower"),
                ("produce.%s.cpu_per_gb" % k, "produce %s broker CPU, 3 nodes" % k, "CPU-s/GB",
                 p("broker_cpu_s_per_gb"), "lower")]
    for k in ["%dB" % s for s in cfg["sizes"]]:
        c = g(k, "consume")
        out += [("consume.%s.rec_per_s" % k, "consume %s records/s" % k, "rec/s", c("rec_per_s"), "higher"),
                ("consume.%s.mib_per_s" % k, "consume %s MB/s" % k, "MiB/s", c("mib_per_s"), "higher"),
                ("consume.%s.cpu_per_gb" % k, "consume %s broker CPU, 3 nodes" % k, "CPU-s/GB",
                 c("broker_cpu_s_per_gb"), "lower")]
    e = "e2e %dx%dB acks=all" % (cfg["e2e_records"], cfg["e2e_size"])
    out += [("e2e.p50_us", e + " p50", "us", lambda r: (r.get("e2e_fine") or {}).get("p50_us"), "lower"),
            ("e2e.p99_us", e + " p99", "us", lambda r: (r.get("e2e_fine") or {}).get("p99_us"), "lower"),
            ("rss_after_traffic", "RSS of the 3 nodes after the traffic", "MiB",
             lambda r: r.get("rss_after_traffic_mib"), "lower"),
            ("failovers", "controller failovers measured (of %d)" % cfg["failovers"], "",
             lambda r: str(len([f for f in r.get("failovers", []) if "failover_ms" in f])), ""),
            ("failover_ms", "controller failover, median", "ms",
             lambda r: median([f.get("failover_ms") for f in r.get("failovers", [])]), "lower"),
            ("failover_max_ms", "controller failover, slowest", "ms",
             lambda r: max([f["failover_ms"] for f in r.get("failovers", []) if "failover_ms" in f] or [None],
                           key=lambda v: -1 if v is None else v), "lower"),
            ("rejoin_ms", "killed node restarted -> all-ready (median)", "ms",
             lambda r: median([f.get("rejoin_ms") for f in r.get("failovers", [])]), "lower")]
    return out


def summarize(cfg, results, systems):
    rows = []
    for key, label, unit, get, better in figures(cfg):
        row = {"key": key, "figure": label, "unit": unit, "better": better}
        for s in systems:
            row[s] = get(results[s]) if s in results else None
        t, k = row.get("tributary"), row.get("kafka")
        row["ratio"] = round(t / k, 3) if isinstance(t, (int, float)) and isinstance(k, (int, float)) and k else None
        rows.append(row)
    return rows


def render(rows, systems, md=False):
    head = ["figure", "unit"] + systems + (["T/K"] if len(systems) == 2 else []) + ["better"]
    lines = []
    for r in rows:
        line = [r["figure"], r["unit"]] + [b.fmt(r.get(s)) for s in systems]
        if len(systems) == 2:
            line.append("-" if r["ratio"] is None else "%.2f" % r["ratio"])
        lines.append(line + [r["better"]])
    if md:
        out = ["| " + " | ".join(h.capitalize() if h in systems else h for h in head) + " |",
               "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 3) + ["---"]) + "|"]
        return "\n".join(out + ["| " + " | ".join(str(c) for c in l) + " |" for l in lines])
    w = [max(len(str(l[i])) for l in [head] + lines) for i in range(len(head))]
    out = []
    for n, l in enumerate([head] + lines):
        out.append("  ".join(str(c).ljust(w[i]) if i < 2 or i == len(head) - 1 else str(c).rjust(w[i])
                             for i, c in enumerate(l)).rstrip())
        if n == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- main ---

def config(args):
    smoke = args.smoke
    return {"mode": "cluster", "nodes": NODES, "smoke": smoke,
            "starts": args.starts or (1 if smoke else 3),
            "failovers": args.failovers or (1 if smoke else 5),
            "replication_factor": args.replication_factor, "partitions": args.partitions,
            "records": args.records or (20000 if smoke else 1000000),
            "sizes": [int(x) for x in (args.sizes or ("100" if smoke else "100,1024")).split(",")],
            "acks": "all", "linger_ms": 5, "batch_size": 131072,
            "e2e_records": args.e2e_records or (500 if smoke else 5000), "e2e_size": 100,
            "ready_timeout_s": 180, "failover_timeout_s": 60, "tool_timeout_s": 180 if smoke else 900,
            "settle_s": 1 if smoke else 3,
            "kafka_version": b.KAFKA_VERSION}


def main(args):
    """bench/run.sh --cluster: returns the exit status."""
    # SIGTERM (and SIGINT, which a shell ignores in background jobs) end the run through the finally below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run_all(args)
    finally:
        for p in PROBES:
            if p.poll() is None:
                p.kill()
                p.wait()
        for c in list(LIVE):
            c.stop()


def run_all(args):
    cfg = config(args)
    if not 1 <= cfg["replication_factor"] <= NODES:
        raise b.BenchError("--replication-factor must be between 1 and %d" % NODES)
    systems = ["tributary"] if args.tributary_only else ["kafka"] if args.kafka_only else ["tributary", "kafka"]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = os.path.abspath(args.out or os.path.join(b.BENCH, "results", stamp + "-cluster" + ("-smoke" if cfg["smoke"]
                                                                                              else "")))
    os.makedirs(out, exist_ok=True)
    b.RUN_LOG = os.path.join(out, "run.log")
    b.log("results: " + out)
    env = b.Env(args)
    env.cluster_cmd = lambda *a: env.helper_cmd(*a, main="ClusterTool")
    cfg["java"] = env.java
    cfg["kafka_heap"] = " ".join(b.KAFKA_HEAP)
    cfg["tributary_settings"] = args.tributary_set
    dist = os.path.join(out, "tributary-dist")
    if "tributary" in systems:
        cfg["tributary_build"] = b.snapshot_tributary(env, dist)
        # one unmeasured single-node start: writes the copy's start-up cache at its exit (the launcher's training)
        d = os.path.join(out, "warmup")
        os.makedirs(d, exist_ok=True)
        node = b.Tributary(env, d, dist, training=True, settings=args.tributary_set)
        b.log("=== warm-up start: tributary (writes the start-up cache)")
        try:
            node.start(cfg["ready_timeout_s"])
        finally:
            node.stop()
            shutil.rmtree(os.path.join(d, "data"), ignore_errors=True)
    info = b.machine_info(env)
    b.log("machine: %s cores, %s, load %s; java %s" % (info["nproc"], info["mem_total"], info["loadavg_at_start"],
                                                       info["java"]))
    state = State(cfg["replication_factor"])
    results, failed = {}, []
    t_start = time.time()
    for s in systems:  # Tributary first: a replication factor it refuses is known before Kafka starts
        d = os.path.join(out, s)
        os.makedirs(d, exist_ok=True)
        try:
            r = measure(env, cfg, state, s, d, dist, args.tributary_set)
        except b.BenchError as e:
            r = {"system": s, "errors": [str(e)]}
        results[s] = r
        with open(os.path.join(d, "result.json"), "w") as f:
            json.dump(r, f, indent=2)
        for e in r["errors"]:
            failed.append("%s: %s" % (s, e))
            b.log("ERROR: %s: %s" % (s, e))
    if "tributary" in systems:
        for d in ("lib", "target"):
            shutil.rmtree(os.path.join(dist, d), ignore_errors=True)
    cfg["replication_factor_used"] = state.rf
    rows = summarize(cfg, results, systems)
    info["loadavg_at_end"] = open("/proc/loadavg").read().strip()
    summary = {"config": cfg, "machine": info, "systems": systems, "results": results, "rows": rows,
               "notes": state.notes, "errors": failed, "wall_s": round(time.time() - t_start, 1)}
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    txt = render(rows, systems)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(txt + "\n")
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(render(rows, systems, md=True) + "\n")
    print()
    print("Cluster of %d nodes per system; topic: %d partitions, replication factor %d%s, acks=all; %s records per "
          "producer test; Kafka %s; java %s" % (
              NODES, cfg["partitions"], state.rf,
              "" if state.rf == state.requested_rf else " (requested %d)" % state.requested_rf,
              "{:,}".format(cfg["records"]), b.KAFKA_VERSION, info["java"]))
    print(txt)
    for n in state.notes:
        print("note: " + n)
    print("\nraw outputs and summary.json: " + out)
    if failed:
        print("\n%d error(s):" % len(failed))
        for e in failed:
            print("  " + e)
        return 1
    return 0
