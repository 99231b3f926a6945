#!/usr/bin/env bash
# Compares our fingerprint command with pt-fingerprint (percona-toolkit) on the same input: the statement corpus in
# sql-fixtures, decoded, one statement per `;\n`-terminated record, repeated COPIES times (10 copies: 47,250
# statements). Two builds of our command run on it:
#   queryaudit fingerprint --split          the worker, published with ReadyToRun (JIT at run time)
#   queryaudit-fingerprint --split          the same command compiled ahead of time (native AOT)
# Every tool runs pinned to one CPU core, RUNS times on the input and RUNS times on a one-statement input, and the
# best wall time and the best CPU time (user + system) of each are kept. The "without start-up" rates subtract the
# one-statement time. Times come from getrusage of the child, read by Python to the microsecond: bash's `time` rounds
# user and system time to a millisecond each, a step of 5% on a 20 ms run.
# Usage: bench/fingerprint-vs-pt.sh [RUNS] [COPIES]   (defaults 7 and 10)
set -euo pipefail

runs="${1:-7}"
copies="${2:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/out/fingerprint-bench"
mkdir -p "$work"

install_debian() {
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
}

if ! command -v python3 >/dev/null 2>&1; then
  echo "Installing python3 to read the children's CPU time..." >&2
  install_debian python3-minimal
fi

if ! command -v pt-fingerprint >/dev/null 2>&1; then
  echo "Installing percona-toolkit for pt-fingerprint..." >&2
  install_debian percona-toolkit
fi

# Native AOT links with clang and needs zlib's static library.
if ! command -v clang >/dev/null 2>&1 || [[ ! -e /usr/include/zlib.h ]]; then
  echo "Installing clang and zlib1g-dev for the native AOT build..." >&2
  install_debian clang zlib1g-dev
fi

echo "Building queryaudit (Release, ReadyToRun) and queryaudit-fingerprint (Release, native AOT)..." >&2
dotnet publish "$root/src/QueryAudit.Worker" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/queryaudit" -v quiet -nologo >/dev/null
dotnet publish "$root/src/QueryAudit.Fingerprint" -c Release -r linux-x64 -o "$work/queryaudit-fingerprint" -v quiet -nologo >/dev/null
queryaudit="$work/queryaudit/queryaudit"
native="$work/queryaudit-fingerprint/queryaudit-fingerprint"

# Decode the corpus line encoding (\\ \n \r \t) and end each statement with ";\n" as pt-fingerprint's file mode
# expects. A DELIMITER script needs no ";" because it already ends with its own "DELIMITER ;" line.
perl -CSD -ne 'chomp; s/\\(\\|n|r|t)/$1 eq "n" ? "\n" : $1 eq "r" ? "\r" : $1 eq "t" ? "\t" : "\\"/ge;
  print $_, (/DELIMITER ;\s*\z/ ? "\n" : ";\n");' "$root/sql-fixtures/corpus/statements/mysql-statements.txt" > "$work/corpus.sql"
input="$work/corpus${copies}x.sql"
for _ in $(seq "$copies"); do cat "$work/corpus.sql"; done > "$input"
printf 'select 1;\n' > "$work/one.sql"
statements=$(( $(wc -l < "$root/sql-fixtures/corpus/statements/mysql-statements.txt") * copies ))
bytes=$(stat -c %s "$input")

# Prints the best wall time and the best CPU time (user + system) in seconds of RUNS runs of the command on CPU 0.
# CPU time is steadier than wall time on a machine shared with other work.
best_seconds() {
  local best_wall="" best_cpu="" wall cpu
  for _ in $(seq "$runs"); do
    read -r wall cpu < <(python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
# Pinned here and inherited by the tool, so that no taskset process's own start-up is counted as the tool's.
os.sched_setaffinity(0, {0})
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{wall:.6f} {cpu:.6f}")
PY
)
    if [[ -z "$best_wall" ]] || awk -v e="$wall" -v b="$best_wall" 'BEGIN { exit !(e < b) }'; then best_wall="$wall"; fi
    if [[ -z "$best_cpu" ]] || awk -v e="$cpu" -v b="$best_cpu" 'BEGIN { exit !(e < b) }'; then best_cpu="$cpu"; fi
  done
  echo "$best_wall $best_cpu"
}

pt_records=$(pt-fingerprint "$input" | wc -l)
"$queryaudit" fingerprint --split "$input" > "$work/queryaudit.out"
"$native" --split "$input" > "$work/queryaudit-fingerprint.out"
if ! cmp -s "$work/queryaudit.out" "$work/queryaudit-fingerprint.out"; then
  echo "error: queryaudit fingerprint and queryaudit-fingerprint printed different output; compare $work/queryaudit.out and $work/queryaudit-fingerprint.out" >&2
  exit 1
fi
qa_records=$(wc -l < "$work/queryaudit.out")

read -r pt_full pt_full_cpu <<< "$(best_seconds pt-fingerprint "$input")"
read -r pt_start pt_start_cpu <<< "$(best_seconds pt-fingerprint "$work/one.sql")"
read -r qa_full qa_full_cpu <<< "$(best_seconds "$queryaudit" fingerprint --split "$input")"
read -r qa_start qa_start_cpu <<< "$(best_seconds "$queryaudit" fingerprint --split "$work/one.sql")"
read -r na_full na_full_cpu <<< "$(best_seconds "$native" --split "$input")"
read -r na_start na_start_cpu <<< "$(best_seconds "$native" --split "$work/one.sql")"

# Arguments: the kind of time, then full and start-up seconds of pt-fingerprint, queryaudit and queryaudit-fingerprint.
report() {
  awk -v what="$1" -v n="$statements" -v bytes="$bytes" -v ptf="$2" -v pts="$3" -v qaf="$4" -v qas="$5" -v naf="$6" -v nas="$7" \
      -v ptr="$pt_records" -v qar="$qa_records" 'function row(name, full, start, records) {
      printf "%-32s %8.4f %8.4f %12.0f %8.1f %18.0f %8.1f %8d\n", name, full, start, n / full, bytes / full / 1e6,
        n / (full - start), bytes / (full - start) / 1e6, records
    }
    BEGIN {
    printf "\n%s time\n", what
    printf "%-32s %8s %8s %12s %8s %18s %8s %8s\n", "tool", "full s", "start s", "stmts/s", "MB/s", "stmts/s w/o start", "MB/s", "records"
    row("pt-fingerprint", ptf, pts, ptr)
    row("queryaudit fingerprint (JIT)", qaf, qas, qar)
    row("queryaudit-fingerprint (AOT)", naf, nas, qar)
    printf "ratio queryaudit fingerprint (JIT) / pt-fingerprint: %.2fx with start-up, %.2fx without start-up\n", ptf / qaf, (ptf - pts) / (qaf - qas)
    printf "ratio queryaudit-fingerprint (AOT) / pt-fingerprint: %.2fx with start-up, %.2fx without start-up\n", ptf / naf, (ptf - pts) / (naf - nas)
  }'
}

echo "input: $statements statements, $bytes bytes (corpus x$copies); best of $runs runs each, pinned to CPU 0"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
report "wall" "$pt_full" "$pt_start" "$qa_full" "$qa_start" "$na_full" "$na_start"
report "CPU (user + system)" "$pt_full_cpu" "$pt_start_cpu" "$qa_full_cpu" "$qa_start_cpu" "$na_full_cpu" "$na_start_cpu"
