#!/usr/bin/env python3
"""Side-by-side benchmark of Tributary and Apache Kafka (entry point bench/run.sh; see docs/performance.md).

Both brokers run one after the other, on loopback, in alternating order over N rounds, and are
driven by the very same client tools (kafka-tools: ProducerPerformance, ConsumerPerformance,
EndToEndLatency) plus bench/src/BenchTool.java (readiness probe, topic auto-creation and a
microsecond-resolution end-to-end latency run). Standard library only.

With --cluster (bench/cluster.py): a 3-node Tributary cluster, then a 3-node Apache Kafka cluster,
each node a broker and a voter of the metadata quorum, on loopback. Figures: cluster start-up to
all-ready (Metadata of every node lists 3 brokers and a CreateTopics succeeds), produce and consume
with acks=all on a topic of --partitions partitions and --replication-factor replicas, e2e latency
with acks=all, broker CPU per GB summed over the 3 nodes, and controller failover (kill -9 of the
active controller -> the next successful topic creation through a surviving node; --failovers times,
median). When Tributary refuses the replication factor as not supported, the run says so and uses 1
for both systems.

  bench/run.sh --cluster [--smoke] [--tributary-only | --kafka-only] [--replication-factor N]
               [--partitions N] [--starts N] [--failovers N] [--records N] [--sizes S,S]
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
import base64

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
KAFKA_VERSION = os.environ.get("KAFKA_VERSION", "4.4.0")
CACHE = os.environ.get("TRIBUTARY_BENCH_CACHE",
                       os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "tributary-bench"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
LOG4J2_VERSION = "2.24.3"  # slf4j 1.7 -> log4j2 binding, as the Kafka distribution ships it

# JVM flags of Kafka's bin/kafka-run-class.sh (KAFKA_JVM_PERFORMANCE_OPTS), used for the Kafka broker and
# for every client tool; heap flags as bin/kafka-server-start.sh and bin/kafka-*-perf-test.sh set them.
KAFKA_PERF_OPTS = ("-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 "
                   "-XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true").split()
KAFKA_HEAP = os.environ.get("KAFKA_HEAP_OPTS", "-Xmx1G -Xms1G").split()
TOOL_HEAP = os.environ.get("BENCH_TOOL_HEAP_OPTS", "-Xmx512M").split()

RUN_LOG = None


def log(msg):
    line = "[%s] %s" % (time.strftime("%H:%M:%S"), msg)
    print(line, file=sys.stderr, flush=True)
    if RUN_LOG:
        with open(RUN_LOG, "a") as f:
            f.write(line + "\n")


class BenchError(Exception):
    pass


def now_ms():
    return int(time.time() * 1000)


# A JVM command line's classpath options, and the options that map a start-up cache (class archive).
CLASSPATH_OPTIONS = ("-cp", "-classpath", "--class-path")
CACHE_OPTIONS = ("-XX:AOTCache=", "-XX:SharedArchiveFile=")

# ------------------------------------------------------------------------------------------- /proc ---

def files_read_at_start(cmd):
    """The files a JVM command reads as it starts: its JDK's runtime (bin/java and lib/, without the
    sources and javac's ct.sym), every jar of its classpath and the class archive it maps."""
    java = os.path.realpath(cmd[0])
    files = [java]
    for root, _, names in os.walk(os.path.join(os.path.dirname(os.path.dirname(java)), "lib")):
        files += [os.path.join(root, n) for n in names if n not in ("src.zip", "ct.sym")]
    for i, a in enumerate(cmd):
        if a in CLASSPATH_OPTIONS and i + 1 < len(cmd):
            for entry in cmd[i + 1].split(os.pathsep):
                if entry.endswith("*"):
                    d = entry[:-1] or "."
                    files += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".jar")]
                elif entry:
                    files.append(entry)
        for opt in CACHE_OPTIONS:
            if a.startswith(opt):
                files.append(a[len(opt):])
    return [f for f in files if os.path.isfile(f)]


def read_into_page_cache(files):
    """Reads every file to its end (so its pages are cached); returns the bytes read."""
    n = 0
    for f in files:
        try:
            with open(f, "rb") as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    n += len(chunk)
        except OSError:
            pass
    return n


def cpu_split(pid):
    """(utime, stime) of a process, in seconds (fields 14 and 15 of /proc/PID/stat), or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    split = cpu_split(pid)
    return None if split is None else split[0] + split[1]


def mem(pid):
    """VmRSS / RssAnon / RssFile / VmHWM in MiB and the thread count, from /proc/PID/status."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                    out[k] = round(int(v.split()[0]) / 1024.0, 1)
                elif k == "Threads":
                    out[k] = int(v)
    except OSError:
        pass
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


# -------------------------------------------------------------------------------------------- java ---

def find_jdk():
    """The JDK Tributary's launcher would pick (bin/lib/java.sh): used for both brokers and all tools."""
    out = subprocess.run(["bash", "-c", '. "$1/bin/lib/java.sh" && tributary_find_java && '
                          'echo "$TRIBUTARY_JAVA_HOME $TRIBUTARY_JAVA_MAJOR"', "_", ROOT],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise BenchError("no JDK 21+ found:\n" + out.stderr)
    home, major = out.stdout.split()
    return home, int(major)


def maven_copy(dest, artifacts, timeout=900):
    """Downloads ARTIFACTS (groupId:artifactId:version) and their runtime dependencies into DEST once."""
    done = os.path.join(dest, ".complete")
    if os.path.exists(done):
        return
    if not shutil.which("mvn"):
        raise BenchError("Maven (mvn) is needed to download the Kafka jars from Maven Central")
    work = dest + ".pom"
    os.makedirs(work, exist_ok=True)
    deps = "".join("<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>"
                   % tuple(a.split(":")) for a in artifacts)
    with open(os.path.join(work, "pom.xml"), "w") as f:
        f.write("<project><modelVersion>4.0.0</modelVersion><groupId>local.tributary-bench</groupId>"
                "<artifactId>deps</artifactId><version>1</version><packaging>pom</packaging>"
                "<dependencies>%s</dependencies></project>\n" % deps)
    shutil.rmtree(dest, ignore_errors=True)
    log("downloading %s from Maven Central into %s ..." % (", ".join(artifacts), dest))
    r = subprocess.run(["mvn", "-q", "-B", "dependency:copy-dependencies", "-DincludeScope=runtime",
                        "-DoutputDirectory=" + dest], cwd=work, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise BenchError("Maven download failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    open(done, "w").close()


class Env:
    def __init__(self, args):
        self.args = args
        self.jdk, self.jdk_major = find_jdk()
        self.java = os.path.join(self.jdk, "bin", "java")
        base = os.path.join(CACHE, "kafka-" + KAFKA_VERSION)
        self.tools_libs = os.path.join(base, "tools-libs")
        self.broker_libs = os.path.join(base, "broker-libs")
        maven_copy(self.tools_libs, ["org.apache.kafka:kafka-tools:" + KAFKA_VERSION,
                                     "org.apache.logging.log4j:log4j-slf4j-impl:" + LOG4J2_VERSION])
        if not args.tributary_only:
            maven_copy(self.broker_libs, ["org.apache.kafka:kafka_2.13:" + KAFKA_VERSION,
                                          "org.apache.logging.log4j:log4j-slf4j-impl:" + LOG4J2_VERSION])
        self.conf = os.path.join(CACHE, "conf")
        os.makedirs(self.conf, exist_ok=True)
        self.tools_log4j = os.path.join(self.conf, "tools-log4j2.properties")
        with open(self.tools_log4j, "w") as f:
            f.write("status = warn\nappender.err.type = Console\nappender.err.name = STDERR\n"
                    "appender.err.target = SYSTEM_ERR\nappender.err.layout.type = PatternLayout\n"
                    "appender.err.layout.pattern = [%d] %p %m (%c)%n\nrootLogger.level = WARN\n"
                    "rootLogger.appenderRef.err.ref = STDERR\n")
        self.helper_dir = self.compile_helper()

    def compile_helper(self):
        srcs = sorted(os.path.join(BENCH, "src", n) for n in os.listdir(os.path.join(BENCH, "src"))
                      if n.endswith(".java"))
        h = hashlib.sha256(self.jdk.encode())
        for src in srcs:
            with open(src, "rb") as f:
                h.update(f.read())
        out = os.path.join(CACHE, "helper-" + h.hexdigest()[:16])
        if not os.path.exists(os.path.join(out, ".complete")):
            os.makedirs(out, exist_ok=True)
            clients = os.path.join(self.tools_libs, "kafka-clients-%s.jar" % KAFKA_VERSION)
            r = subprocess.run([os.path.join(self.jdk, "bin", "javac"), "--release", "17", "-nowarn",
                                "-cp", clients, "-d", out] + srcs, capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                shutil.rmtree(out, ignore_errors=True)
                raise BenchError("bench/src does not compile:\n" + r.stderr)
            open(os.path.join(out, ".complete"), "w").close()
        return out

    def tool_cmd(self, cls, *args):
        return ([self.java] + TOOL_HEAP + KAFKA_PERF_OPTS +
                ["-Dlog4j2.configurationFile=file:" + self.tools_log4j, "-cp", self.tools_libs + "/*", cls] + list(args))

    def helper_cmd(self, *args, main="BenchTool"):
        return ([self.java, "-Xmx256M", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=file:" + self.tools_log4j,
                 "-cp", self.helper_dir + ":" + self.tools_libs + "/*", main] + list(args))


def children_cpu():
    """User + system CPU-seconds of every child process this one has waited for so far."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run(cmd, out_file, timeout, env=None):
    """Runs CMD with stdout+stderr to OUT_FILE; returns (returncode or 'timeout', output text)."""
    with open(out_file, "w") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, env=env)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = "timeout"
    with open(out_file) as f:
        return rc, f.read()


# ----------------------------------------------------------------------------------------- brokers ---

class Broker:
    name = "?"

    def __init__(self, env, workdir):
        self.env = env
        self.workdir = workdir
        self.proc = None
        self.pid = None
        self.port = None

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def prepare(self):
        pass

    def launch_cmd(self):
        raise NotImplementedError

    def launch_env(self):
        return None

    def start(self, timeout_s):
        """Launches the broker, returns launch->ready milliseconds (readiness as BenchTool 'ready').

        The probe's JVM is started first and waits, its classes loaded, until it is given the broker's pid: on a
        small machine the probe's own start-up would otherwise compete with the broker's for the CPU. The clock
        starts right before the broker's JVM is launched."""
        self.prepare()
        cmd = self.launch_cmd()
        # A warm start, as on a machine that ran the broker a moment ago: the JVM's and the broker's files
        # are read into the page cache first (a host that evicts unused pages, like this project's VM with
        # its proactive reclaim after ~30 s, would otherwise make every in-round start a start from disk).
        self.warmed_bytes = read_into_page_cache(files_read_at_start(cmd))
        probe_out = os.path.join(self.workdir, "ready-probe.txt")
        probe = subprocess.Popen(self.env.helper_cmd("ready", self.bootstrap, str(timeout_s * 1000), "-"),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.PIPE, text=True)
        first = probe.stdout.readline()
        if first.strip() != "WAITING":
            probe.kill()
            probe.wait()
            raise BenchError("%s: the ready probe did not start: %s%s" % (self.name, first, probe.stdout.read()[-2000:]))
        out = open(os.path.join(self.workdir, "broker.out"), "w")
        t0 = now_ms()
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, env=self.launch_env())
        self.pid = self.proc.pid
        out.close()
        probe.stdin.write("%d\n" % self.pid)
        probe.stdin.close()
        deadline = time.time() + timeout_s + 30
        while probe.poll() is None and self.proc.poll() is None and time.time() < deadline:
            time.sleep(0.01)
        if probe.poll() is None:  # the broker exited (the probe cannot tell a zombie) or the probe hangs
            probe.kill()
            probe.wait()
        text = probe.stdout.read()
        with open(probe_out, "w") as f:
            f.write(first + text)
        m = re.search(r"READY epoch_ms=(\d+)", text)
        if probe.returncode != 0 or not m:
            died = self.proc.poll()
            self.stop()
            tail = open(os.path.join(self.workdir, "broker.out"), errors="replace").read()[-3000:]
            raise BenchError("%s did not become ready (%s; broker %s):\n%s" % (
                self.name, text.strip()[-500:], "running" if died is None else "exit status %s" % died, tail))
        return int(m.group(1)) - t0

    def stop(self):
        """SIGTERM, then SIGKILL after 60 s; returns shutdown milliseconds."""
        if not self.proc:
            return None
        t0 = now_ms()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                log("%s pid %d did not stop within 60 s; SIGKILL" % (self.name, self.pid))
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        return now_ms() - t0


class Tributary(Broker):
    name = "tributary"

    def __init__(self, env, workdir, dist, jfr=False, training=False, settings=()):
        super().__init__(env, workdir)
        self.dist = dist
        self.jfr = os.path.join(workdir, "tributary.jfr") if jfr else None
        self.training = training
        self.settings = list(settings)

    def launch_cmd(self):
        """The JVM command line bin/tributary execs (captured by snapshot_tributary), on the snapshot's jars."""
        with open(os.path.join(self.dist, "command.json")) as f:
            jvm = json.load(f)
        if self.training:
            jvm = training_cmd(jvm)
        if self.jfr:
            # the profile settings, with Java execution sampled every 1 ms (default 10-20 ms) and, on JDK 25+,
            # the Linux CPU-time sampler (it sees threads while they burn CPU, in Java or in native code)
            rec = "filename=%s,settings=profile,dumponexit=true,jdk.ExecutionSample#period=1ms" % self.jfr
            if self.env.jdk_major >= 25:
                rec += ",jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms"
            jvm = jvm[:1] + ["-XX:StartFlightRecording=" + rec] + jvm[1:]
        self.port = free_port()
        # http.listeners (metrics and health endpoints) defaults to a fixed port: an ephemeral one instead, so
        # that nothing else on the machine can keep the broker from starting (builds without it ignore it)
        return jvm + ["io.tributary.server.Main", "server",
                      "--set", "listeners=PLAINTEXT://%s" % self.bootstrap,
                      "--set", "http.listeners=http://127.0.0.1:0",
                      # the one setting Kafka's shipped config/server.properties changes from the default (3 s),
                      # as the Kafka broker here has it too: a new group's first rebalance is not delayed
                      "--set", "group.initial.rebalance.delay.ms=0",
                      "--set", "log.dirs=" + os.path.join(self.workdir, "data")] + \
            [arg for kv in self.settings for arg in ("--set", kv)]

    def jfr_views(self):
        """Writes the main JFR views (hot methods, allocation sites, GC) next to the recording."""
        if not (self.jfr and os.path.exists(self.jfr)):
            return
        jfr = os.path.join(self.env.jdk, "bin", "jfr")
        for view in ("hot-methods", "cpu-time-hot-methods", "allocation-by-site", "allocation-by-class",
                     "gc-pauses", "thread-cpu-load", "contention-by-site"):
            run([jfr, "view", "--width", "200", view, self.jfr],
                os.path.join(self.workdir, "jfr-%s.txt" % view), 300)


def training_cmd(jvm):
    """The warm-up start's variant of the launcher's command: where the launcher maps a start-up cache its own
    training run wrote (-XX:AOTCache on JDK 25+, -XX:SharedArchiveFile without -XX:+AutoCreateSharedArchive on
    older JDKs), this start writes the copy's cache at its exit instead, as the launcher's training does."""
    auto = "-XX:+AutoCreateSharedArchive" in jvm
    out = []
    for a in jvm:
        if a.startswith("-XX:AOTCache="):
            a = "-XX:AOTCacheOutput=" + a.split("=", 1)[1]
        elif a.startswith("-XX:SharedArchiveFile=") and not auto:
            a = "-XX:ArchiveClassesAtExit=" + a.split("=", 1)[1]
        out.append(a)
    return out


JAVA_SHIM = """#!/usr/bin/env bash
# Stands in for java while bin/tributary is asked for its server command: records the command line
# (NUL-separated) instead of starting the server; anything else (a build's Maven) gets the real java.
for a in "$@"; do
  if [ "$a" = io.tributary.server.Main ]; then
    printf '%s\\0' "$@" > "$(dirname "$0")/../command.bin"
    exit 0
  fi
done
exec "REAL_JAVA" "$@"
"""


def snapshot_tributary(env, dest):
    """Builds Tributary with its own launcher if needed, then captures the exact JVM command line that
    bin/tributary execs for 'server' (its JVM options, honouring TRIBUTARY_HEAP_OPTS / TRIBUTARY_JVM_OPTS, and
    its classpath) and copies every classpath jar into DEST. The benchmark then starts that command on the copy:
    a rebuild of the working tree during the run can neither delay a timed launch nor swap jars under a running
    broker, and launch -> ready is timed from the JVM's start for both brokers (Kafka's from `java kafka.Kafka`,
    without kafka-server-start.sh)."""
    e = dict(os.environ, JAVA_HOME=env.jdk)
    log("building Tributary if needed (bin/tributary server --help) ...")
    launcher = os.path.join(ROOT, "bin", "tributary")
    r = subprocess.run([launcher, "server", "--help"], capture_output=True, text=True, timeout=1800, env=e)
    if r.returncode != 0:
        raise BenchError("Tributary build failed:\n" + r.stdout[-2000:] + r.stderr[-4000:])
    # a JDK home whose java records its arguments (bin/lib/java.sh accepts it: release file, java, javac)
    shim = os.path.join(dest, "capture-jdk")
    os.makedirs(os.path.join(shim, "bin"))
    shutil.copy2(os.path.join(env.jdk, "release"), shim)
    os.symlink(os.path.join(env.jdk, "bin", "javac"), os.path.join(shim, "bin", "javac"))
    with open(os.path.join(shim, "bin", "java"), "w") as f:
        f.write(JAVA_SHIM.replace("REAL_JAVA", env.java))
    os.chmod(os.path.join(shim, "bin", "java"), 0o755)
    r = subprocess.run([launcher, "server"], capture_output=True, text=True, timeout=1800,
                       env=dict(os.environ, JAVA_HOME=shim))
    cmd_file = os.path.join(shim, "command.bin")
    if r.returncode != 0 or not os.path.exists(cmd_file):
        raise BenchError("could not capture the server command of bin/tributary:\n" + r.stdout[-2000:] +
                         r.stderr[-4000:])
    with open(cmd_file, "rb") as f:
        args = f.read().decode().split("\0")[:-1]
    main = args.index("io.tributary.server.Main")
    jvm = args[:main]  # the options only: "$@" of the java command
    lib = os.path.join(dest, "lib")
    os.makedirs(lib)
    target = os.path.join(dest, "target")
    os.makedirs(target)
    out = [env.java]
    i = 0
    while i < len(jvm):
        a = jvm[i]
        if a in CLASSPATH_OPTIONS:
            copied = []
            for n, p in enumerate(x for x in jvm[i + 1].split(":") if x):
                d = os.path.join(lib, "%03d-%s" % (n, os.path.basename(p)))
                shutil.copy2(p, d)
                copied.append(d)
            out += ["-cp", ":".join(copied)]
            i += 2
            continue
        for opt in CACHE_OPTIONS:  # the start-up cache belongs to the copy
            if a.startswith(opt):
                a = opt + os.path.join(target, os.path.basename(a.split("=", 1)[1]))
        out.append(a)
        i += 1
    with open(os.path.join(dest, "command.json"), "w") as f:
        json.dump(out, f, indent=1)
    shutil.rmtree(shim)
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return head + ("+local-changes" if dirty else "")


class Kafka(Broker):
    name = "kafka"

    def prepare(self):
        self.port = free_port()
        cport = free_port()
        data = os.path.join(self.workdir, "data")
        os.makedirs(data, exist_ok=True)
        props = os.path.join(self.workdir, "server.properties")
        # config/server.properties of the Kafka 4.x distribution (combined broker+controller), on loopback;
        # group.initial.rebalance.delay.ms=0 as the quickstart config of older releases had it.
        with open(props, "w") as f:
            f.write("""process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:{c}
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
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
group.initial.rebalance.delay.ms=0
""".format(p=self.port, c=cport, d=data))
        with open(os.path.join(self.workdir, "log4j2.properties"), "w") as f:
            f.write("status = warn\nappender.file.type = File\nappender.file.name = FILE\n"
                    "appender.file.fileName = ${sys:kafka.logs.dir}/server.log\n"
                    "appender.file.layout.type = PatternLayout\nappender.file.layout.pattern = [%d] %p %m (%c)%n\n"
                    "rootLogger.level = INFO\nrootLogger.appenderRef.file.ref = FILE\n"
                    "logger.request.name = kafka.request.logger\nlogger.request.level = WARN\n")
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if cid.startswith("-"):
            cid = "A" + cid[1:]
        rc, text = run([self.env.java, "-Xmx256M", "-Dlog4j2.configurationFile=file:" + self.env.tools_log4j,
                        "-cp", self.env.broker_libs + "/*", "kafka.tools.StorageTool", "format", "--standalone",
                        "-t", cid, "-c", props], os.path.join(self.workdir, "format.out"), 300)
        if rc != 0:
            raise BenchError("kafka storage format failed:\n" + text[-3000:])

    def launch_cmd(self):
        return ([self.env.java] + KAFKA_HEAP + KAFKA_PERF_OPTS +
                ["-Dlog4j2.configurationFile=file:" + os.path.join(self.workdir, "log4j2.properties"),
                 "-Dkafka.logs.dir=" + self.workdir, "-cp", self.env.broker_libs + "/*", "kafka.Kafka",
                 os.path.join(self.workdir, "server.properties")])


# ------------------------------------------------------------------------------------------ parsing ---

PRODUCER_RE = re.compile(r"(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, "
                         r"([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th")


def parse_producer(text):
    m = None
    for m in PRODUCER_RE.finditer(text):
        pass
    if not m:
        return None
    g = m.groups()
    return {"records": int(g[0]), "rec_per_s": float(g[1]), "mib_per_s": float(g[2]), "avg_ms": float(g[3]),
            "max_ms": float(g[4]), "p50_ms": float(g[5]), "p95_ms": float(g[6]), "p99_ms": float(g[7]),
            "p999_ms": float(g[8])}


def parse_consumer(text):
    # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
    # fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    rows = [l for l in text.splitlines() if re.match(r"^\d{4}-\d\d-\d\d ", l)]
    if not rows:
        return None
    f = [x.strip() for x in rows[-1].split(",")]
    r = {"mib": float(f[2]), "mib_per_s": float(f[3]), "records": int(f[4]), "rec_per_s": float(f[5]),
         "rebalance_ms": float(f[6]), "fetch_ms": float(f[7]), "fetch_mib_per_s": float(f[8]),
         "fetch_rec_per_s": float(f[9])}
    # --print-metrics: the consumer's own view of each fetch, from sending it to its last byte
    for name, field in (("fetch-latency-avg", "fetch_latency_avg_ms"), ("fetch-total", "fetches"),
                        ("fetch-size-avg", "fetch_size_avg_bytes")):
        m = re.search(r"^consumer-fetch-manager-metrics:%s:\{client-id=[^,}]*\}\s*:\s*([\d.]+)" % name, text, re.M)
        if m:
            r[field] = float(m.group(1))
    return r


def parse_e2e_tool(text):
    a = re.search(r"^Avg latency: ([\d.]+) ms", text, re.M)
    p = re.search(r"^Percentiles: 50th = (\d+), 99th = (\d+), 99.9th = (\d+)", text, re.M)
    if not (a and p):
        return None
    return {"avg_ms": float(a.group(1)), "p50_ms": int(p.group(1)), "p99_ms": int(p.group(2)),
            "p999_ms": int(p.group(3))}


def parse_e2e_fine(text):
    m = re.search(r"e2e_us n=(\d+) avg=([\d.]+) p50=([\d.]+) p99=([\d.]+) p999=([\d.]+) max=([\d.]+)", text)
    if not m:
        return None
    r = {"n": int(m.group(1)), "avg_us": float(m.group(2)), "p50_us": float(m.group(3)),
         "p99_us": float(m.group(4)), "p999_us": float(m.group(5)), "max_us": float(m.group(6))}
    later = re.search(r"e2e_us_after_first_tenth n=(\d+) p50=([\d.]+) p99=([\d.]+)", text)
    if later:  # the client JVM's warm-up left out; not a target, it shows how much of the p99 that is
        r["after_first_tenth_p99_us"] = float(later.group(3))
    return r


# ------------------------------------------------------------------------------------------- a run ---

def measure_broker(env, broker, cfg, outdir):
    """One broker, one round: start, idle, produce, consume, e2e, stop. Returns a dict of results."""
    res = {"broker": broker.name, "errors": [], "notes": []}
    ready_ms = broker.start(cfg["ready_timeout_s"])
    pid = broker.pid
    res["launch_to_ready_ms"] = ready_ms
    res["files_read_before_start_mib"] = round(broker.warmed_bytes / 2 ** 20, 1)
    res["mem_at_ready"] = mem(pid)
    res["cpu_s_at_ready"] = cpu_seconds(pid)
    log("%s ready in %d ms (pid %d, %s)" % (broker.name, ready_ms, pid, broker.bootstrap))
    time.sleep(cfg["idle_s"])
    res["mem_idle"] = mem(pid)
    res["idle_rss_mib"] = res["mem_idle"].get("VmRSS")
    res["idle_after_s"] = cfg["idle_s"]

    rc, text = run(env.helper_cmd("apis", broker.bootstrap), os.path.join(outdir, "apis.txt"), 60)
    m = re.search(r"^apis (.*)$", text, re.M)
    apis = set(m.group(1).split(",")) if m else set()
    groups = {"FIND_COORDINATOR", "JOIN_GROUP", "SYNC_GROUP", "HEARTBEAT", "OFFSET_FETCH"} <= apis
    res["consumer_groups_supported"] = groups

    runid = "%s-%d" % (broker.name, int(time.time()))
    tests = [(s, a) for s in cfg["sizes"] for a in cfg["acks"]]
    topics = {t: "bench-s%d-acks%s" % t for t in tests}
    e2e_topic, e2e_tool_topic = "bench-e2e-fine", "bench-e2e-tool"
    rc, text = run(env.helper_cmd("topics", broker.bootstrap, *(list(topics.values()) + [e2e_topic, e2e_tool_topic])),
                   os.path.join(outdir, "topics.txt"), 120)
    if rc != 0:
        raise BenchError("%s: topic creation failed:\n%s" % (broker.name, text[-2000:]))

    def step(kind, key, cmd, parse, timeout, payload_bytes):
        f = os.path.join(outdir, "%s-%s.txt" % (kind, key))
        before, w0, t0 = cpu_split(pid), time.time(), children_cpu()
        rc, text = run(cmd, f, timeout)
        after, w1, t1 = cpu_split(pid), time.time(), children_cpu()
        r = parse(text)
        if broker.proc.poll() is not None or before is None or after is None:
            raise BenchError("%s exited during %s %s (see %s)" % (broker.name, kind, key, f))
        (u0, k0), (u1, k1) = before, after
        c0, c1 = u0 + k0, u1 + k1
        if r is None:
            return None, rc, text
        r["broker_cpu_s"] = round(c1 - c0, 3)
        # the client tool's own JVM (the broker, a child too, is reaped only at its stop): on 2 cores the
        # client and the broker share the CPU, so this says how much of a test is the client's work
        r["client_cpu_s"] = round(t1 - t0, 3)
        r["wall_s"] = round(w1 - w0, 3)
        if payload_bytes:
            r["broker_cpu_s_per_gb"] = round((c1 - c0) / (payload_bytes / 1e9), 3)
            # the kernel's share (socket and page-cache copies, and on a VM the host's first touch of
            # guest memory, which lands in the copies too): the same work for any broker
            r["broker_sys_cpu_s_per_gb"] = round((k1 - k0) / (payload_bytes / 1e9), 3)
        r["exit"] = rc
        r["loadavg_1m_after"] = float(open("/proc/loadavg").read().split()[0])  # how busy the machine was
        return r, rc, text

    res["produce"] = {}
    for (s, a) in tests:
        key = "%dB-acks%s" % (s, a)
        log("%s: produce %d x %d B acks=%s" % (broker.name, cfg["records"], s, a))
        r, rc, text = step("produce", key, env.tool_cmd(
            "org.apache.kafka.tools.ProducerPerformance", "--topic", topics[(s, a)], "--num-records",
            str(cfg["records"]), "--record-size", str(s), "--throughput", "-1", "--command-property",
            "bootstrap.servers=" + broker.bootstrap, "acks=" + a, "linger.ms=%d" % cfg["linger_ms"],
            "batch.size=%d" % cfg["batch_size"]), parse_producer, cfg["tool_timeout_s"], cfg["records"] * s)
        if r is None or r["records"] != cfg["records"]:
            res["errors"].append("produce %s failed (exit %s): %s" % (key, rc, text.strip().splitlines()[-1:]))
        else:
            res["produce"][key] = r

    res["consume"] = {}
    if groups and res["produce"]:
        # One small group consumption first, not measured: the first group of a broker's life pays one-time
        # costs (Kafka creates __consumer_offsets with 50 partitions) that are not consume throughput.
        first = next(t for t in tests if "%dB-acks%s" % t in res["produce"])
        run(env.tool_cmd("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", broker.bootstrap,
                         "--topic", topics[first],
                         "--num-records", "1000", "--group", "bench-warmup-" + runid, "--timeout", "30000"),
            os.path.join(outdir, "consume-warmup.txt"), cfg["tool_timeout_s"])
    for (s, a) in tests:
        key = "%dB-acks%s" % (s, a)
        if key not in res["produce"]:
            continue
        if not groups:
            res["consume"][key] = "n/a (needs consumer groups)"
            continue
        log("%s: consume %d x %d B (topic written with acks=%s)" % (broker.name, cfg["records"], s, a))
        r, rc, text = step("consume", key, env.tool_cmd(
            "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", broker.bootstrap, "--topic",
            topics[(s, a)], "--num-records", str(cfg["records"]), "--group", "bench-" + runid + "-" + key,
            "--timeout", "30000", "--print-metrics"), parse_consumer, cfg["tool_timeout_s"], cfg["records"] * s)
        if r is None or r["records"] < cfg["records"]:
            res["errors"].append("consume %s failed (exit %s): %s" % (key, rc, text.strip().splitlines()[-1:]))
        else:
            res["consume"][key] = r
    if not groups:
        res["notes"].append("ConsumerPerformance always joins a consumer group (subscribe); the broker does not "
                            "advertise FindCoordinator/JoinGroup/SyncGroup/Heartbeat/OffsetFetch")

    n, size, acks = cfg["e2e_records"], cfg["e2e_size"], cfg["e2e_acks"]
    log("%s: EndToEndLatency %d x %d B acks=%s" % (broker.name, n, size, acks))
    r, rc, text = step("e2e", "tool", env.tool_cmd("org.apache.kafka.tools.EndToEndLatency", broker.bootstrap,
                                                   e2e_tool_topic, str(n), acks, str(size)),
                       parse_e2e_tool, cfg["tool_timeout_s"], 0)
    if r is None:
        res["errors"].append("EndToEndLatency failed (exit %s): %s" % (rc, text.strip().splitlines()[-1:]))
    else:
        if rc != 0:
            r["note"] = "results printed; the tool's final commitSync failed: " + (
                "no FindCoordinator" if "FIND_COORDINATOR" in text else "see e2e-tool.txt")
        res["e2e_tool"] = r
    log("%s: e2e (microsecond resolution) %d x %d B acks=%s" % (broker.name, n, size, acks))
    r, rc, text = step("e2e", "fine", env.helper_cmd("e2e", broker.bootstrap, e2e_topic, str(n), acks, str(size)),
                       parse_e2e_fine, cfg["tool_timeout_s"], 0)
    if r is None:
        res["errors"].append("fine e2e failed (exit %s): %s" % (rc, text.strip().splitlines()[-1:]))
    else:
        res["e2e_fine"] = r

    res["mem_after"] = mem(pid)
    res["rss_after_mib"] = res["mem_after"].get("VmRSS")
    res["peak_rss_mib"] = res["mem_after"].get("VmHWM")
    res["cpu_s_total"] = cpu_seconds(pid)
    res["shutdown_ms"] = broker.stop()
    if isinstance(broker, Tributary):
        broker.jfr_views()
    res["data_dir_mib"] = round(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in
                                    os.walk(os.path.join(broker.workdir, "data")) for f in fs) / 1048576.0, 1)
    return res


# ------------------------------------------------------------------------------------------ summary ---

def figures(cfg):
    """(key, label, unit, getter, better, target) for the table; target = (kind, value) or None."""
    out = [("launch_to_ready_ms", "launch -> ready", "ms", lambda r: r.get("launch_to_ready_ms"), "lower",
            ("abs_max", 300)),
           ("idle_rss_mib", "idle RSS (%ds after ready)" % cfg["idle_s"], "MiB", lambda r: r.get("idle_rss_mib"),
            "lower", ("abs_max", 100)),
           ("rss_after_mib", "RSS after the traffic", "MiB", lambda r: r.get("rss_after_mib"), "lower",
            ("abs_max", 300)),
           ("peak_rss_mib", "peak RSS (VmHWM)", "MiB", lambda r: r.get("peak_rss_mib"), "lower", None)]
    for s in cfg["sizes"]:
        for a in cfg["acks"]:
            k = "%dB-acks%s" % (s, a)
            g = (lambda k: lambda f: lambda r: (r.get("produce", {}).get(k) or {}).get(f))(k)
            out += [("produce.%s.rec_per_s" % k, "produce %s records/s" % k, "rec/s", g("rec_per_s"), "higher",
                     ("ratio_min", 1.2)),
                    ("produce.%s.p99_ms" % k, "produce %s p99 latency" % k, "ms", g("p99_ms"), "lower", None),
                    ("produce.%s.cpu_per_gb" % k, "produce %s broker CPU" % k, "CPU-s/GB", g("broker_cpu_s_per_gb"),
                     "lower", ("ratio_max", 0.5)),
                    ("produce.%s.sys_cpu_per_gb" % k, "produce %s broker CPU, kernel part" % k, "CPU-s/GB",
                     g("broker_sys_cpu_s_per_gb"), "lower", None),
                    ("produce.%s.client_cpu_s" % k, "produce %s client CPU" % k, "CPU-s", g("client_cpu_s"),
                     "lower", None)]
    for s in cfg["sizes"]:
        for a in cfg["acks"]:
            k = "%dB-acks%s" % (s, a)
            g = (lambda k: lambda f: lambda r: (r.get("consume", {}).get(k) if isinstance(
                r.get("consume", {}).get(k), dict) else {}).get(f))(k)
            out += [("consume.%s.rec_per_s" % k, "consume %s records/s" % k, "rec/s", g("rec_per_s"), "higher",
                     ("ratio_min", 1.2)),
                    ("consume.%s.fetch_rec_per_s" % k, "consume %s records/s after the join" % k, "rec/s",
                     g("fetch_rec_per_s"), "higher", None),
                    ("consume.%s.rebalance_ms" % k, "consume %s group join" % k, "ms", g("rebalance_ms"), "lower",
                     None),
                    ("consume.%s.cpu_per_gb" % k, "consume %s broker CPU" % k, "CPU-s/GB", g("broker_cpu_s_per_gb"),
                     "lower", ("ratio_max", 0.5)),
                    ("consume.%s.sys_cpu_per_gb" % k, "consume %s broker CPU, kernel part" % k, "CPU-s/GB",
                     g("broker_sys_cpu_s_per_gb"), "lower", None),
                    ("consume.%s.client_cpu_s" % k, "consume %s client CPU" % k, "CPU-s", g("client_cpu_s"),
                     "lower", None),
                    ("consume.%s.fetch_latency_avg_ms" % k, "consume %s fetch latency, client's average" % k, "ms",
                     g("fetch_latency_avg_ms"), "lower", None)]
    e = "e2e %dx%dB acks=%s" % (cfg["e2e_records"], cfg["e2e_size"], cfg["e2e_acks"])
    out += [("e2e.p50_us", e + " p50", "us", lambda r: (r.get("e2e_fine") or {}).get("p50_us"), "lower", None),
            ("e2e.p99_us", e + " p99", "us", lambda r: (r.get("e2e_fine") or {}).get("p99_us"), "lower",
             ("ratio_max", 0.5)),
            ("e2e.p999_us", e + " p99.9", "us", lambda r: (r.get("e2e_fine") or {}).get("p999_us"), "lower", None),
            ("e2e.after_first_tenth_p99_us", e + " p99 after the first tenth", "us",
             lambda r: (r.get("e2e_fine") or {}).get("after_first_tenth_p99_us"), "lower", None),
            ("e2e.client_cpu_s", e + " client CPU", "CPU-s", lambda r: (r.get("e2e_fine") or {}).get("client_cpu_s"),
             "lower", None),
            ("e2e_tool.avg_ms", e + " avg (EndToEndLatency)", "ms", lambda r: (r.get("e2e_tool") or {}).get("avg_ms"),
             "lower", None),
            ("e2e_tool.p99_ms", e + " p99 (EndToEndLatency, whole ms)", "ms",
             lambda r: (r.get("e2e_tool") or {}).get("p99_ms"), "lower", None)]
    return out


def median(vals):
    vals = [v for v in vals if isinstance(v, (int, float))]
    return statistics.median(vals) if vals else None


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    if abs(v) >= 1000:
        return "{:,.0f}".format(v)
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v


def summarize(cfg, rounds, brokers):
    rows = []
    for key, label, unit, get, better, target in figures(cfg):
        row = {"key": key, "figure": label, "unit": unit, "better": better}
        for b in brokers:
            vals = [get(r[b]) if b in r else None for r in rounds]
            row[b] = median(vals)
            row[b + "_rounds"] = vals
        if key.startswith("consume.") and "tributary" in brokers and row.get("tributary") is None and any(
                r.get("tributary", {}).get("consumer_groups_supported") is False for r in rounds):
            row["tributary"] = "n/a (needs consumer groups)"
        t, k = row.get("tributary"), row.get("kafka")
        num = isinstance(t, (int, float)) and isinstance(k, (int, float))
        row["ratio"] = round(t / k, 3) if num and k else None
        status = None
        if target and isinstance(t, (int, float)):
            kind, val = target
            if kind == "abs_max":
                row["target"], status = "<= %s %s" % (val, unit), t <= val
            elif row["ratio"] is not None:
                row["target"] = ("ratio >= %sx" if kind == "ratio_min" else "ratio <= %sx") % val
                status = row["ratio"] >= val if kind == "ratio_min" else row["ratio"] <= val
        if target and "target" not in row:
            kind, val = target
            row["target"] = ("<= %s %s" % (val, unit) if kind == "abs_max" else
                             ("ratio >= %sx" if kind == "ratio_min" else "ratio <= %sx") % val)
        row["met"] = status
        rows.append(row)
    return rows


def table(rows, brokers):
    head = ["figure", "unit"] + brokers + (["T/K"] if len(brokers) == 2 else []) + ["target", "met"]
    lines = [head]
    for r in rows:
        line = [r["figure"], r["unit"]] + [fmt(r.get(b)) for b in brokers]
        if len(brokers) == 2:
            line.append("-" if r["ratio"] is None else "%.2f" % r["ratio"])
        line += [r.get("target", ""), {True: "yes", False: "NO", None: ""}[r["met"]]]
        lines.append(line)
    w = [max(len(str(l[i])) for l in lines) for i in range(len(head))]
    out = []
    for n, l in enumerate(lines):
        out.append("  ".join(str(c).ljust(w[i]) if i < 2 else str(c).rjust(w[i]) for i, c in enumerate(l)).rstrip())
        if n == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)


def markdown(rows, brokers):
    head = ["Figure", "Unit"] + [b.capitalize() for b in brokers] + (["Tributary / Kafka"] if len(brokers) == 2
                                                                      else []) + ["Target", "Met"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
    for r in rows:
        line = [r["figure"], r["unit"]] + [fmt(r.get(b)) for b in brokers]
        if len(brokers) == 2:
            line.append("-" if r["ratio"] is None else "%.2f" % r["ratio"])
        line += [r.get("target", ""), {True: "yes", False: "**no**", None: ""}[r["met"]]]
        out.append("| " + " | ".join(line) + " |")
    return "\n".join(out)


def machine_info(env):
    def sh(c):
        try:
            return subprocess.run(["bash", "-c", c], capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception:
            return ""
    return {"date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
            "nproc": os.cpu_count(), "cpu": sh("lscpu | sed -n 's/^Model name: *//p' | head -1"),
            "mem_total": sh("free -h | awk '/^Mem:/{print $2}'"), "kernel": sh("uname -sr"),
            "java": sh('"%s" -version 2>&1 | sed -n 2p' % env.java), "loadavg_at_start": sh("cat /proc/loadavg"),
            "fs": sh("findmnt -no SOURCE,FSTYPE -T %s" % BENCH)}


# --------------------------------------------------------------------------------------------- main ---

def main(argv):
    ap = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=None, help="alternating rounds (default 3; smoke: 1)")
    ap.add_argument("--smoke", action="store_true", help="tiny run (20,000 records, 1 round, short idle)")
    ap.add_argument("--tributary-only", action="store_true", help="measure Tributary only (no Kafka broker "
                    "download; the client tools of kafka-tools are still fetched)")
    ap.add_argument("--kafka-only", action="store_true", help="measure Apache Kafka only")
    ap.add_argument("--records", type=int, help="records per producer test (default 1,000,000; smoke 20,000)")
    ap.add_argument("--sizes", help="record sizes in bytes (default 100,1024; smoke: 100)")
    ap.add_argument("--acks", default="1,all", help="producer acks settings (default 1,all)")
    ap.add_argument("--e2e-records", type=int, help="end-to-end latency records (default 10,000; smoke 500)")
    ap.add_argument("--idle", type=float, help="seconds between ready and the idle RSS sample (default 10; smoke 1)")
    ap.add_argument("--jfr", action="store_true", help="record Tributary with JDK Flight Recorder (profile "
                    "settings); the recording and its hot-method / allocation views land next to the raw outputs")
    ap.add_argument("--tributary-set", action="append", default=[], metavar="KEY=VALUE",
                    help="a setting for the Tributary broker, as bin/tributary server --set (repeatable)")
    ap.add_argument("--out", help="results folder (default bench/results/<timestamp>)")
    c = ap.add_argument_group("cluster mode (bench/cluster.py)")
    c.add_argument("--cluster", action="store_true", help="3-node Tributary cluster against a 3-node Kafka cluster: "
                   "cluster start-up to all-ready, produce/consume/e2e with acks=all, controller failover (smoke: "
                   "1 start, 20,000 records, 1 failover, well under 2 minutes for one system); e2e: 5,000 records "
                   "(smoke 500); --rounds and --acks do not apply")
    c.add_argument("--replication-factor", type=int, default=3, metavar="N",
                   help="replication factor of the test topics (default 3); when Tributary refuses it as not supported, both systems fall back to 1")
    c.add_argument("--partitions", type=int, default=6, metavar="N", help="partitions of the test topics (default 6)")
    c.add_argument("--starts", type=int, metavar="N", help="timed cluster start-ups per system (default 3; smoke 1)")
    c.add_argument("--failovers", type=int, metavar="N", help="controller failovers per system (default 5; smoke 1)")
    args = ap.parse_args(argv)
    if args.tributary_only and args.kafka_only:
        ap.error("--tributary-only and --kafka-only exclude each other")
    if args.cluster:
        sys.modules.setdefault("bench", sys.modules[__name__])  # one module instance for cluster.py's import
        import cluster
        return cluster.main(args)
    smoke = args.smoke
    cfg = {"rounds": args.rounds or (1 if smoke else 3),
           "records": args.records or (20000 if smoke else 1000000),
           "sizes": [int(x) for x in (args.sizes or ("100" if smoke else "100,1024")).split(",")],
           "acks": args.acks.split(","),
           "linger_ms": 5, "batch_size": 131072,
           "e2e_records": args.e2e_records or (500 if smoke else 10000), "e2e_size": 100, "e2e_acks": "1",
           "idle_s": args.idle if args.idle is not None else (1 if smoke else 10),
           "ready_timeout_s": 180, "tool_timeout_s": 120 if smoke else 900,
           "kafka_version": KAFKA_VERSION, "smoke": smoke, "jfr": args.jfr}
    brokers = ["tributary"] if args.tributary_only else ["kafka"] if args.kafka_only else ["tributary", "kafka"]

    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = os.path.abspath(args.out or os.path.join(BENCH, "results", stamp + ("-smoke" if smoke else "")))
    os.makedirs(out, exist_ok=True)
    global RUN_LOG
    RUN_LOG = os.path.join(out, "run.log")
    log("results: " + out)

    env = Env(args)
    cfg["java"] = env.java
    cfg["kafka_heap"] = " ".join(KAFKA_HEAP)
    cfg["tributary_heap"] = os.environ.get("TRIBUTARY_HEAP_OPTS", "(launcher default: -Xms64m -Xmx1g)")
    cfg["tributary_jvm_opts"] = os.environ.get("TRIBUTARY_JVM_OPTS", "(launcher default)")
    cfg["tributary_settings"] = args.tributary_set
    cfg["tool_heap"] = " ".join(TOOL_HEAP)
    if "tributary" in brokers:
        cfg["tributary_build"] = snapshot_tributary(env, os.path.join(out, "tributary-dist"))
        with open(os.path.join(out, "tributary-dist", "command.json")) as f:
            cmd = json.load(f)
        cfg["tributary_jvm"] = " ".join(a for i, a in enumerate(cmd[1:-2]) if a != "-cp" and cmd[i] != "-cp")
    info = machine_info(env)
    log("machine: %s cores, %s, load %s; java %s" % (info["nproc"], info["mem_total"], info["loadavg_at_start"],
                                                     info["java"]))

    failed = []
    t_start = time.time()
    # One unmeasured start and stop of each broker first: it warms the page cache with each broker's jars, and
    # Tributary's JVM writes the start-up cache (AOT cache or class-data sharing archive) of the copied jars at its exit,
    # as the launcher's training run does for a build (JFR is off while it does).
    warmup = {}
    for b in brokers:
        d = os.path.join(out, "warmup", b)
        os.makedirs(d, exist_ok=True)
        broker = (Tributary(env, d, os.path.join(out, "tributary-dist"), training=True,
                            settings=args.tributary_set) if b == "tributary"
                  else Kafka(env, d))
        log("=== warm-up start: %s" % b)
        try:
            warmup[b] = {"first_start_ready_ms": broker.start(cfg["ready_timeout_s"])}
            time.sleep(1)
        except BenchError as e:
            failed.append("warm-up %s: %s" % (b, e))
            log("ERROR: %s" % e)
        finally:
            warmup.setdefault(b, {})["shutdown_ms"] = broker.stop()
            shutil.rmtree(os.path.join(d, "data"), ignore_errors=True)
    rounds = []
    for i in range(cfg["rounds"]):
        order = brokers if i % 2 == 0 else list(reversed(brokers))
        rnd = {}
        for b in order:
            d = os.path.join(out, "round-%d" % (i + 1), b)
            os.makedirs(d, exist_ok=True)
            broker = (Tributary(env, d, os.path.join(out, "tributary-dist"), args.jfr,
                                settings=args.tributary_set) if b == "tributary"
                      else Kafka(env, d))
            log("=== round %d/%d: %s" % (i + 1, cfg["rounds"], b))
            try:
                r = measure_broker(env, broker, cfg, d)
            except BenchError as e:
                r = {"broker": b, "errors": [str(e)]}
            finally:
                broker.stop()  # no-op when measure_broker stopped it already
                shutil.rmtree(os.path.join(d, "data"), ignore_errors=True)
            rnd[b] = r
            with open(os.path.join(d, "result.json"), "w") as f:
                json.dump(r, f, indent=2)
            for e in r["errors"]:
                failed.append("round %d %s: %s" % (i + 1, b, e))
                log("ERROR: " + e)
        rounds.append(rnd)
    if "tributary" in brokers:  # the copied jars and the start-up cache (~100 MB); command.json names the jars
        for d in ("lib", "target"):
            shutil.rmtree(os.path.join(out, "tributary-dist", d), ignore_errors=True)
    rows = summarize(cfg, rounds, brokers)
    info["loadavg_at_end"] = open("/proc/loadavg").read().strip()
    summary = {"config": cfg, "machine": info, "brokers": brokers, "warmup": warmup, "rounds": rounds, "medians": rows,
               "errors": failed, "wall_s": round(time.time() - t_start, 1)}
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    txt = table(rows, brokers)
    md = markdown(rows, brokers)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(txt + "\n")
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(md + "\n")
    print()
    print("Medians over %d round(s); %s records per producer test; Kafka %s; java %s" % (
        cfg["rounds"], "{:,}".format(cfg["records"]), KAFKA_VERSION, info["java"]))
    print(txt)
    notes = sorted({n for r in rounds for b in r.values() for n in b.get("notes", [])})
    for n in notes:
        print("note: " + n)
    print("\nraw outputs and summary.json: " + out)
    if failed:
        print("\n%d error(s):" % len(failed))
        for e in failed:
            print("  " + e)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        log("ERROR: %s" % e)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
