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

# The MySQL store tests (and tests that record real audit logs) need a MariaDB server on 127.0.0.1; it is stopped
# however the run ends.
if mariadb_env="$(./scripts/start-test-mariadb.sh)"; then
  eval "$mariadb_env"
  trap './scripts/stop-test-mariadb.sh' EXIT
else
  echo "test: starting the test MariaDB server failed (scripts/start-test-mariadb.sh); MySQL store tests will fail or be ignored" >&2
fi

export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

log="$(mktemp)"
dotnet test QueryAudit.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ...").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 }
  END { printf "%d %d %d\n", p, f, s }')
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any assembly reported; count that as a failure.
  failed=1
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
