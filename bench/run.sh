#!/usr/bin/env bash
# Side-by-side benchmark of Tributary and Apache Kafka with the same kafka-tools clients.
#
#   bench/run.sh [--rounds N] [--smoke] [--tributary-only | --kafka-only] [--help]
#   bench/run.sh --cluster [--smoke] [--tributary-only | --kafka-only] [--replication-factor N] [--partitions N]
#                a 3-node Tributary cluster against a 3-node Kafka cluster (bench/cluster.py)
#
# Everything is in bench/bench.py (Python 3, standard library only); see docs/performance.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=$(command -v python3 || true)
[ -n "$PY" ] || { echo "bench/run.sh: python3 is needed" >&2; exit 1; }
exec "$PY" "$HERE/bench.py" "$@"
