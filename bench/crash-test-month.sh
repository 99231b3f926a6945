#!/usr/bin/env bash
# Crash test on a large log set. It generates (or reuses) a month of Aurora audit logs from the fixture capture and
# runs the worker's SIGKILL test (CrashTests) over it. The test kills the worker 20 times, each after one to three
# committed batches, restarts it each time, and compares the final store with that of one uninterrupted run.
# CI runs the same test on the fixture logs only.
#
#   bench/crash-test-month.sh [--events N] [--batch-lines N] [--month DIR]
#
# --batch-lines should make 20 kills of at most three batches each end before the logs do (60 x N < events).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
events=500000
batch_lines=5000
month=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --batch-lines) batch_lines=$2; shift 2 ;;
    --month) month=$2; shift 2 ;;
    *) echo "unknown argument $1; see the header of $0" >&2; exit 2 ;;
  esac
done
month=${month:-/tmp/queryaudit-month-$events}

if [[ ! -f $month/manifest.json ]]; then
  mkdir -p "$month"
  python3 "$repo/bench/generate-month.py" --events "$events" --fixture-only --out "$month"
fi

export AWS_EC2_METADATA_DISABLED=true
export QUERYAUDIT_TEST_LOGS=$month
export QUERYAUDIT_TEST_CRASH_BATCH_LINES=$batch_lines
echo "crash test: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "crash test: logs $month ($events events), batches of $batch_lines lines"
dotnet test "$repo/tests/QueryAudit.Worker.Tests" --filter "FullyQualifiedName~CrashTests"
