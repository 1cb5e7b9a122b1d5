#!/usr/bin/env bash
# JMH micro-benchmarks of the storage engine and the request codec (module jmh/; not part of any test run).
#
#   bench/jmh.sh                    all benchmarks (about 3 minutes)
#   bench/jmh.sh LogRead            those whose name matches a regex
#   bench/jmh.sh -l                 list them;  bench/jmh.sh -h  JMH's options
#   bench/jmh.sh LogAppend -p recordSize=100 -prof gc
#
# Builds jmh/ and the modules it uses (tests skipped), then runs org.openjdk.jmh.Main with the
# same JDK the launcher picks. Log files go to -Dtributary.jmh.dir (default java.io.tmpdir),
# e.g. JMH_JVM_OPTS=-Dtributary.jmh.dir=/dev/shm to keep the disk out of it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/lib/java.sh
. "$ROOT/bin/lib/java.sh"
tributary_find_java || exit 1
export JAVA_HOME=$TRIBUTARY_JAVA_HOME
CP_FILE=$ROOT/jmh/target/jmh.classpath
echo "jmh.sh: building jmh/ with Java $TRIBUTARY_JAVA_MAJOR ..." >&2
mvn -q -B -f "$ROOT/pom.xml" -pl jmh -am -DskipTests -Dstyle.color=never package dependency:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile=target/jmh.classpath >&2
# JMH starts its benchmark JVMs with this JVM's options (plus each benchmark's @Fork ones)
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${JMH_JVM_OPTS:-} -cp "$ROOT/jmh/target/classes:$(cat "$CP_FILE")" org.openjdk.jmh.Main "$@"
