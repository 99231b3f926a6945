#!/usr/bin/env bash
# Month-scale benchmark (issue 11): generate (or reuse) a month of Aurora audit logs, run `queryaudit reconcile`
# over it, print its rates, peak memory and allocations, check that every planted exception was found, and run
# pt-query-digest over the same statements as a slow log in the same run, for the ratio.
#
#   bench/month-benchmark.sh [--events N] [--month DIR] [--threads "1 2"] [--slowlog-statements N] [--no-build] [--no-pt]
#
# --threads lists the `reconcile --threads` values to run, one run each (default "1 2"). The report files of every run
# must be byte-identical to those of the first. Rates are given per wall second and per CPU second (user + system):
# the CPU figure is the steadier one on a shared machine. The machine (cores, CPU model, load average) is printed with
# the figures.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
events=1000000
month=""
slow_statements=200000
thread_counts="1 2"
build=1
run_pt=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --month) month=$2; shift 2 ;;
    --slowlog-statements) slow_statements=$2; shift 2 ;;
    --threads) thread_counts=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-pt) run_pt=0; shift ;;
    *) echo "unknown argument $1; see the header of $0" >&2; exit 2 ;;
  esac
done
month=${month:-/tmp/queryaudit-month-$events}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [[ $run_pt == 1 ]] && ! command -v pt-query-digest >/dev/null; then
  apt-get install -y -qq percona-toolkit >/dev/null
fi

machine() {
  echo "machine: nproc=$(nproc) cpu='$(lscpu | sed -n 's/^Model name: *//p' | head -1)' loadavg='$(cut -d' ' -f1-3 /proc/loadavg)'"
}

bin="$repo/src/QueryAudit.Worker/bin/Release/net10.0/queryaudit.dll"
if [[ $build == 1 ]]; then
  dotnet build -c Release "$repo/src/QueryAudit.Worker" -v q -nologo >/dev/null
fi

if [[ ! -f $month/manifest.json ]] || ! python3 -c "import json,sys; m=json.load(open('$month/manifest.json')); sys.exit(0 if m['arguments']['events']==$events else 1)"; then
  echo "generating $events events into $month"
  rm -rf "$month"
  python3 "$repo/bench/generate-month.py" --events "$events" --out "$month" \
    --slowlog "$month.slow.log" --slowlog-statements "$slow_statements"
fi

out=$(mktemp -d /tmp/queryaudit-month-out.XXXXXX)
period=$(python3 -c "import json; print(json.load(open('$month/manifest.json'))['period'])")
for threads in $thread_counts; do
  run=$out/threads-$threads
  mkdir -p "$run"
  machine
  echo "reconcile --threads $threads: $month ($events events)"
  QUERYAUDIT_STATS=1 /usr/bin/time -v -o "$run/time.txt" dotnet "$bin" reconcile \
    --catalog "$repo/sql-fixtures/catalog" --policy "$repo/sql-fixtures/policy.yaml" \
    --period "$period" --cluster billing-prod --no-progress --threads "$threads" --out "$run/report" "$month"/*.audit.log.gz \
    >"$run/stdout.txt" 2>"$run/stderr.txt" || { rc=$?; [[ $rc == 3 ]] || { cat "$run/stderr.txt"; exit $rc; }; }
  cat "$run/stdout.txt"
done
machine

pt_line=""
if [[ $run_pt == 1 && -f $month.slow.log ]]; then
  /usr/bin/time -v -o "$out/pt-time.txt" pt-query-digest --type slowlog --limit 20 "$month.slow.log" >"$out/pt.txt" 2>"$out/pt-stderr.txt"
  pt_line=$out/pt-time.txt
  machine
fi

python3 - "$month" "$out" "$pt_line" $thread_counts <<'EOF'
import csv, filecmp, json, re, sys
month, out, pt_time, thread_counts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def times(path):
    text = open(path).read()
    def grab(label):
        return re.search(re.escape(label) + r": (.*)", text).group(1).strip()
    wall = grab("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
    cpu = float(grab("User time (seconds)")) + float(grab("System time (seconds)"))
    return seconds, cpu, int(grab("Maximum resident set size (kbytes)"))

manifest = json.load(open(f"{month}/manifest.json"))
mb, umb = manifest["bytes"] / 1e6, manifest["uncompressed_bytes"] / 1e6
planted = manifest["planted"]
failed = False
runs = {}
for threads in thread_counts:
    run = f"{out}/threads-{threads}"
    stats = dict(kv.split("=", 1) for kv in re.search(r"stats: (.*)", open(f"{run}/stderr.txt").read()).group(1).split())
    wall, cpu, rss = times(f"{run}/time.txt")
    events = int(stats["events"])
    statements = int(stats["statements"])
    runs[threads] = (statements, wall, cpu)
    print(f"queryaudit --threads {threads}: {events:,} events ({statements:,} statements) in {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"  events/s: {events / wall:,.0f} per wall second, {events / cpu:,.0f} per CPU second")
    print(f"  MB/s (per wall s): {mb / wall:.1f} compressed, {umb / wall:.1f} uncompressed; per CPU s: {mb / cpu:.1f} / {umb / cpu:.1f}")
    print(f"  peak RSS: {rss / 1024:.0f} MB; allocated: {int(stats['allocated_bytes']) / 1e6:,.0f} MB = {float(stats['bytes_per_event']):.0f} B/event; GCs gen0/1/2 = {stats['gen0']}/{stats['gen1']}/{stats['gen2']}")

    found = set()
    with open(f"{run}/report/findings.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found.add((row["instance"], row["connection_id"]))
    missing = [p for p in planted if (p["instance"], str(p["connection"])) not in found]
    print(f"  planted exception connections: {len(planted)}, found: {len(planted) - len(missing)}, missing: {len(missing)}")
    for p in missing[:10]:
        print(f"    missing: {p}")
    failed |= bool(missing)

first = thread_counts[0]
for threads in thread_counts[1:]:
    names = ["findings.csv", "approved-executions.csv", "report.json", "quarantine.csv", "report.pdf", "manifest.json"]
    _, different, errors = filecmp.cmpfiles(f"{out}/threads-{first}/report", f"{out}/threads-{threads}/report", names, shallow=False)
    print(f"report files of --threads {threads} against --threads {first}: " + ("identical" if not different and not errors else f"DIFFERENT: {different + errors}"))
    failed |= bool(different or errors)

if pt_time:
    pt_wall, pt_cpu, pt_rss = times(pt_time)
    pt_statements = manifest["slowlog"]["statements"]
    print(f"pt-query-digest: {pt_statements:,} statements in {pt_wall:.1f} s wall, {pt_cpu:.1f} s CPU, peak RSS {pt_rss / 1024:.0f} MB")
    print(f"  statements/s: {pt_statements / pt_wall:,.0f} per wall second, {pt_statements / pt_cpu:,.0f} per CPU second")
    theirs = pt_statements / pt_cpu
    for threads, (statements, wall, cpu) in runs.items():
        ours = statements / cpu
        print(f"ratio --threads {threads} (statements per CPU second, queryaudit / pt-query-digest): {ours / theirs:.1f}x "
              f"(queryaudit {ours:,.0f}/s, pt-query-digest {theirs:,.0f}/s; per wall second {statements / wall / (pt_statements / pt_wall):.1f}x)")
sys.exit(1 if failed else 0)
EOF
echo "outputs kept in $out"
