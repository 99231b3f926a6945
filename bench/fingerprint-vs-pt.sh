#!/usr/bin/env bash
# Compares `queryaudit fingerprint --split` with pt-fingerprint (percona-toolkit) on the same input: the statement
# corpus in sql-fixtures, decoded, one statement per `;\n`-terminated record, repeated 10 times (47,250 statements).
# Both run pinned to one CPU core, RUNS times on the input and RUNS times on a one-statement input, and the best wall
# time of each is kept. The "without start-up" rates subtract the one-statement time.
# Usage: bench/fingerprint-vs-pt.sh [RUNS]   (default 7)
set -euo pipefail

runs="${1:-7}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/out/fingerprint-bench"
mkdir -p "$work"

if [[ ! -x /usr/bin/time ]]; then
  apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

if ! command -v pt-fingerprint >/dev/null 2>&1; then
  echo "Installing percona-toolkit for pt-fingerprint..." >&2
  apt-get install -y -qq percona-toolkit >/dev/null || { apt-get update -qq && apt-get install -y -qq percona-toolkit >/dev/null; }
fi

echo "Building queryaudit (Release, ReadyToRun)..." >&2
dotnet publish "$root/src/QueryAudit.Worker" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/queryaudit" -v quiet -nologo >/dev/null
queryaudit="$work/queryaudit/queryaudit"

# Decode the corpus line encoding (\\ \n \r \t) and end each statement with ";\n" as pt-fingerprint's file mode
# expects. A DELIMITER script needs no ";" because it already ends with its own "DELIMITER ;" line.
perl -CSD -ne 'chomp; s/\\(\\|n|r|t)/$1 eq "n" ? "\n" : $1 eq "r" ? "\r" : $1 eq "t" ? "\t" : "\\"/ge;
  print $_, (/DELIMITER ;\s*\z/ ? "\n" : ";\n");' "$root/sql-fixtures/corpus/statements/mysql-statements.txt" > "$work/corpus.sql"
for _ in $(seq 10); do cat "$work/corpus.sql"; done > "$work/corpus10x.sql"
printf 'select 1;\n' > "$work/one.sql"
statements=$(( $(wc -l < "$root/sql-fixtures/corpus/statements/mysql-statements.txt") * 10 ))
bytes=$(stat -c %s "$work/corpus10x.sql")

# Prints the best wall time and the best CPU time (user + system) in seconds of RUNS runs of the command on CPU 0.
# CPU time is steadier than wall time on a machine shared with other work.
best_seconds() {
  local best_wall="" best_cpu=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" taskset -c 0 "$@" > /dev/null || true
    read -r wall user system < "$work/time.txt"
    local cpu
    cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.3f", u + s }')
    if [[ -z "$best_wall" ]] || awk -v e="$wall" -v b="$best_wall" 'BEGIN { exit !(e < b) }'; then best_wall="$wall"; fi
    if [[ -z "$best_cpu" ]] || awk -v e="$cpu" -v b="$best_cpu" 'BEGIN { exit !(e < b) }'; then best_cpu="$cpu"; fi
  done
  echo "$best_wall $best_cpu"
}

pt_records=$(pt-fingerprint "$work/corpus10x.sql" | wc -l)
qa_records=$("$queryaudit" fingerprint --split "$work/corpus10x.sql" | wc -l)

read -r pt_full pt_full_cpu <<< "$(best_seconds pt-fingerprint "$work/corpus10x.sql")"
read -r pt_start pt_start_cpu <<< "$(best_seconds pt-fingerprint "$work/one.sql")"
read -r qa_full qa_full_cpu <<< "$(best_seconds "$queryaudit" fingerprint --split "$work/corpus10x.sql")"
read -r qa_start qa_start_cpu <<< "$(best_seconds "$queryaudit" fingerprint --split "$work/one.sql")"

report() {
  awk -v what="$1" -v n="$statements" -v bytes="$bytes" -v ptf="$2" -v pts="$3" -v qaf="$4" -v qas="$5" \
      -v ptr="$pt_records" -v qar="$qa_records" 'BEGIN {
    printf "\n%s time\n", what
    printf "%-24s %8s %8s %12s %8s %18s %8s %8s\n", "tool", "full s", "start s", "stmts/s", "MB/s", "stmts/s w/o start", "MB/s", "records"
    printf "%-24s %8.3f %8.3f %12.0f %8.1f %18.0f %8.1f %8d\n", "pt-fingerprint", ptf, pts, n / ptf, bytes / ptf / 1e6, n / (ptf - pts), bytes / (ptf - pts) / 1e6, ptr
    printf "%-24s %8.3f %8.3f %12.0f %8.1f %18.0f %8.1f %8d\n", "queryaudit fingerprint", qaf, qas, n / qaf, bytes / qaf / 1e6, n / (qaf - qas), bytes / (qaf - qas) / 1e6, qar
    printf "ratio queryaudit / pt-fingerprint: %.2fx with start-up, %.2fx without start-up\n", ptf / qaf, (ptf - pts) / (qaf - qas)
  }'
}

echo "input: $statements statements, $bytes bytes (corpus x10); best of $runs runs each, pinned to CPU 0"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
report "wall" "$pt_full" "$pt_start" "$qa_full" "$qa_start"
report "CPU (user + system)" "$pt_full_cpu" "$pt_start_cpu" "$qa_full_cpu" "$qa_start_cpu"
