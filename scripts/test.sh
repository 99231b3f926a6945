#!/usr/bin/env bash
# Runs every test of the solution and ends with one line "N passed, N failed, N skipped".
# Installs what the tests need first (scripts/install-test-deps.sh), so it works on a fresh machine.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! ./scripts/install-test-deps.sh; then
  echo "test: installing test dependencies failed; see the messages above" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# The MySQL store tests (and tests that record real audit logs) need a MariaDB server on 127.0.0.1; the trap
# below stops it however the run ends.
mariadb_started=""
if mariadb_env="$(./scripts/start-test-mariadb.sh)"; then
  eval "$mariadb_env"
  mariadb_started=1
else
  echo "test: starting the test MariaDB server failed (scripts/start-test-mariadb.sh); MySQL store tests will fail or be ignored" >&2
fi

log="$(mktemp)"
results="$(mktemp -d)"
trap 'rm -rf "$log" "$results"; if [ -n "$mariadb_started" ]; then ./scripts/stop-test-mariadb.sh; fi' EXIT

# The tests write their scratch folders (reports, stores, captured logs: about 90 MB a run) under the temporary
# folder. This run gets one of its own, removed when every test passed and kept, and named, when one failed.
# It is readable by all, as /tmp is, because the container start check runs the worker as a user other than root.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/queryaudit-test-run.XXXXXX")"
chmod 755 "$scratch"

# The default console verbosity prints one summary line per test assembly:
#   "Passed!  - Failed:     0, Passed:    42, Skipped:     1, Total:    43, Duration: ..."
# and the TRX files give the skip reasons, which are printed below.
TMPDIR="$scratch" dotnet test QueryAudit.sln -c Release --logger trx --results-directory "$results" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

read -r passed failed skipped < <(grep -E '(Passed|Failed|Skipped)! +- Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' | awk '
  { p += $1; f += $2; s += $3 }
  END { printf "%d %d %d\n", p, f, s }')

# Name every test that did not run, with its reason, so a skip is never silent. [Explicit] tests (benchmarks) are
# not run either, but the per-assembly lines do not count them, so the TRX files are the count of record. The
# reason is the result's ErrorInfo/Message, where the VSTest TRX logger puts NUnit's ignore or skip message.
not_run="$(python3 - "$results" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
rows = []
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult[@outcome='NotExecuted']", ns):
        message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
        reason = " ".join((message.text or "").split()) if message is not None else ""
        rows.append((result.get("testName", "?"), reason or "no reason given"))
# Names longer than 80 characters (parameterised cases) push only their own reason to the right.
width = min(80, max((len(name) for name, _ in rows), default=0))
for name, reason in rows:
    print(f"  {name.ljust(width)}  {reason}")
PY
)"
not_run_count=0
if [ -n "$not_run" ]; then
  not_run_count="$(printf '%s\n' "$not_run" | wc -l)"
  echo "Tests not run (skipped, ignored or explicit-only), with the reason:"
  printf '%s\n' "$not_run"
fi
if [ "$not_run_count" -gt "$skipped" ]; then
  skipped="$not_run_count"
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any assembly reported; count that as a failure.
  failed=1
fi

if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]; then
  rm -rf "$scratch"
else
  echo "test: the tests' scratch folders are kept in $scratch"
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
