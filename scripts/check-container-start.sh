#!/usr/bin/env bash
# Checks the container image's build and start without a Docker engine.
#
# 1. Copies the build context (the repository less what .dockerignore excludes) and runs the same
#    publish as the Dockerfile (scripts/publish-worker.sh).
# 2. Checks that the runtime stage's base image provides the shared frameworks the published
#    worker needs.
# 3. Starts the published binary the way the image runs it: as uid/gid 1654 (the image's USER) with
#    no capabilities, in a mount namespace where every filesystem is read-only except one scratch
#    folder that stands for the image's /tmp volume. HOME points into that folder, as a check: in
#    the image HOME is on the read-only root, so nothing may be written there.
#    Without permission to create mount namespaces it falls back to a read-only copy of the
#    published folder, and the write check below is the only guard.
# 4. Runs --help, --version, health and, once it takes its options, reconcile on sql-fixtures/.
# 5. Fails when the user wrote any file outside the scratch folder's tmp/.
#
# Needs root (to switch user). Prints "container start check: passed" or
# "container start check: FAILED: <reason>" as its last line, and exits 0 or 1.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
app_uid=1654
app_gid=1654
version="0.0.0-startcheck"
commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"

say() { echo "container start check: $*"; }
fail() {
  say "FAILED: $*"
  exit 1
}

if [ "$(uname -s)" != Linux ]; then
  fail "needs Linux (mount namespaces and setpriv); this is $(uname -s)"
fi
if [ "$(id -u)" -ne 0 ]; then
  fail "needs root to start the binary as uid $app_uid; run it with sudo"
fi
for tool in setpriv rsync dotnet; do
  command -v "$tool" >/dev/null || fail "$tool not found; install it (setpriv is in util-linux)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/queryaudit-start-check.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
# uid 1654 must be able to reach the folders below.
chmod 755 "$work"

# ---- 1. Build context and publish ----------------------------------------------------------------
say "publishing from a copy of the build context into $work/app"
rsync -a \
  --exclude=.git --exclude=bin/ --exclude=obj/ --exclude=TestResults/ \
  --exclude=BenchmarkDotNet.Artifacts/ --exclude=/out/ --exclude=/artifacts/ --exclude=/.tools/ \
  --exclude=node_modules/ --exclude=.vs/ --exclude='*.swp' \
  "$root/" "$work/context/"
if ! "$work/context/scripts/publish-worker.sh" "$work/app" "$version" "$commit" >"$work/publish.log" 2>&1; then
  tail -n 40 "$work/publish.log"
  fail "scripts/publish-worker.sh failed; the output's last lines are above"
fi
[ -x "$work/app/queryaudit" ] || fail "the publish produced no executable $work/app/queryaudit"

# ---- 2. Base image against the published frameworks -------------------------------------------
runtime_image="$(grep -E '^FROM[[:space:]]' "$root/Dockerfile" | tail -n 1 | awk '{print $2}')"
runtime_config="$work/app/queryaudit.runtimeconfig.json"
[ -f "$runtime_config" ] || fail "no $runtime_config: is the worker still framework-dependent?"
if grep -q '"Microsoft.AspNetCore.App"' "$runtime_config"; then
  case "$runtime_image" in
    mcr.microsoft.com/dotnet/aspnet:*) ;;
    *) fail "the worker needs Microsoft.AspNetCore.App but the Dockerfile's runtime stage is $runtime_image; use mcr.microsoft.com/dotnet/aspnet" ;;
  esac
fi
framework_version="$(grep -oE '"version": *"[0-9]+\.[0-9]+' "$runtime_config" | head -n 1 | grep -oE '[0-9]+\.[0-9]+$')"
case "$runtime_image" in
  *:"$framework_version"-* | *:"$framework_version") ;;
  *) fail "the worker targets .NET $framework_version but the Dockerfile's runtime stage is $runtime_image" ;;
esac
say "runtime stage $runtime_image provides .NET $framework_version"

# ---- 3. Read-only, non-root start ----------------------------------------------------------------
chown -R root:root "$work/app"
chmod -R a+rX,a-w "$work/app"
rsync -a "$root/sql-fixtures/" "$work/inputs/"
chmod -R a+rX,a-w "$work/inputs"

scratch="$work/scratch"
mkdir -p "$scratch/tmp" "$scratch/home" "$scratch/state"
chown -R "$app_uid:$app_gid" "$scratch"
chmod 700 "$scratch"

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"

# Remounts every filesystem read-only except the scratch folder, the kernel's virtual filesystems
# and /dev (with /dev/shm, which a container also gets writable), then runs its arguments.
# Called by unshare inside a private mount namespace, so the host's mounts are untouched.
cat >"$work/sandbox.sh" <<'SANDBOX'
set -euo pipefail
scratch="$1"
shift
mount --bind "$scratch" "$scratch"
# /proc/self/mountinfo: field 5 is the mount point (octal escapes such as \040), the field after "-" the type.
awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { print $(i + 1), $5; break } }' /proc/self/mountinfo |
  while read -r fs_type mount_point; do
    mount_point="$(printf '%b' "${mount_point//\\/\\0}")"
    case "$fs_type" in proc | sysfs | cgroup | cgroup2 | devpts | devtmpfs | mqueue | securityfs | debugfs | tracefs | bpf | fusectl | configfs | pstore | hugetlbfs) continue ;; esac
    case "$mount_point" in "$scratch" | /dev | /dev/* | /proc/* | /sys/*) continue ;; esac
    mount -o remount,bind,ro "$mount_point"
  done
cd "$scratch/state"
exec "$@"
SANDBOX

use_namespace=1
if ! unshare --mount --propagation private -- true 2>/dev/null; then
  use_namespace=0
fi

# Runs one command as the image's user, with the image's environment, in the sandbox.
# Its output goes to $work/out.txt and $work/err.txt; returns the command's exit code.
run_as_app() {
  local -a as_app=(
    setpriv --reuid="$app_uid" --regid="$app_gid" --clear-groups --no-new-privs
    --inh-caps=-all --bounding-set=-all --
    env -i
    PATH=/usr/bin:/bin
    HOME="$scratch/home"
    TMPDIR="$scratch/tmp"
    DOTNET_ROOT="$dotnet_root"
    DOTNET_RUNNING_IN_CONTAINER=true
    DOTNET_EnableDiagnostics=0
    QUERYAUDIT__Health__Port=8080
    AWS_EC2_METADATA_DISABLED=true
    "$@"
  )

  if [ "$use_namespace" -eq 1 ]; then
    unshare --mount --propagation private -- bash "$work/sandbox.sh" "$scratch" "${as_app[@]}" >"$work/out.txt" 2>"$work/err.txt"
  else
    (cd "$scratch/state" && "${as_app[@]}") >"$work/out.txt" 2>"$work/err.txt"
  fi
}

# Runs a command with run_as_app and fails the check unless it exits with the expected code.
expect_exit() {
  local expected="$1" description="$2" status
  shift 2
  run_as_app "$@"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    show_output
    fail "$description exited with $status, expected $expected"
  fi
}

show_output() {
  sed 's/^/  stdout: /' "$work/out.txt"
  sed 's/^/  stderr: /' "$work/err.txt"
}

if [ "$use_namespace" -eq 1 ]; then
  say "sandbox: mount namespace with every filesystem read-only except $scratch"
  # The sandbox must hold before its results mean anything: the user can write in scratch only.
  expect_exit 0 "writing the scratch folder as uid $app_uid" /usr/bin/touch "$scratch/tmp/probe"
  if run_as_app /usr/bin/touch "$work/probe-outside"; then
    fail "the sandbox let uid $app_uid write $work/probe-outside"
  fi
  if run_as_app /usr/bin/touch /tmp/queryaudit-start-check-probe; then
    rm -f /tmp/queryaudit-start-check-probe
    fail "the sandbox let uid $app_uid write /tmp, which is on the read-only root in the image"
  fi
  rm -f "$scratch/tmp/probe"
else
  say "sandbox: mount namespaces unavailable; read-only copy of the published folder, writes checked by owner"
fi

if getent passwd "$app_uid" >/dev/null; then
  say "note: uid $app_uid is a user of this machine ($(getent passwd "$app_uid" | cut -d: -f1)); files it writes now count as written by the check"
fi
stamp="$work/stamp"
touch "$stamp"

app="$work/app/queryaudit"

# ---- 4. Commands -----------------------------------------------------------------------------------
expect_exit 0 "queryaudit --help" "$app" --help
for command in reconcile health; do
  grep -q "$command" "$work/out.txt" || { show_output; fail "queryaudit --help does not list the $command command"; }
done
say "queryaudit --help: exit 0"

expect_exit 0 "queryaudit --version" "$app" --version
grep -qF "$version+$commit" "$work/out.txt" || { show_output; fail "queryaudit --version does not print $version+$commit, the version and commit given to the publish"; }
say "queryaudit --version: $(head -n 1 "$work/out.txt")"

# The image's HEALTHCHECK command, against a port where nothing listens: it must run and report unhealthy.
closed_port=9
expect_exit 1 "queryaudit health against a closed port" "$app" health --url "http://127.0.0.1:$closed_port/health/live" --timeout 5
grep -q '^unhealthy: ' "$work/err.txt" || { show_output; fail "queryaudit health did not say why it is unhealthy"; }
say "queryaudit health (nothing listening): exit 1, as expected"

if run_as_app "$app" reconcile --help && grep -q -- '--catalog' "$work/out.txt"; then
  report="$scratch/tmp/report"
  # The README's first command: the capture's ten-minute window.
  expect_exit 0 "queryaudit reconcile on sql-fixtures" "$app" reconcile "$work/inputs/logs/mariadb" \
    --catalog "$work/inputs/catalog" --policy "$work/inputs/policy.yaml" \
    --from 2026-12-04T19:51:13.387Z --to 2026-12-04T20:01:13.439Z \
    --cluster billing-prod --no-progress --out "$report"
  for output in findings.csv report.pdf manifest.json; do
    [ -s "$report/$output" ] || { show_output; fail "queryaudit reconcile wrote no $output"; }
  done
  say "queryaudit reconcile on sql-fixtures: exit 0, findings.csv, report.pdf and manifest.json written"

  if run_as_app "$app" verify --help >/dev/null; then
    expect_exit 0 "queryaudit verify --inputs on that report" "$app" verify "$report" --inputs
    say "queryaudit verify --inputs: exit 0"
  fi
else
  say "queryaudit reconcile takes no --catalog option yet; reconcile run skipped"
fi

# ---- 5. Nothing written outside the scratch folder's tmp/ ---------------------------------------
written="$(find /tmp /var/tmp /dev/shm "$root" "$work" -xdev \
  -path "$scratch/tmp" -prune -o -uid "$app_uid" -newer "$stamp" -print 2>/dev/null)"
if [ -n "$written" ]; then
  echo "$written" | head -n 20 | sed 's/^/  written: /'
  fail "uid $app_uid wrote the files above outside TMPDIR; the ECS task mounts no other writable volume"
fi
home_entries="$(find "$scratch/home" -mindepth 1 -print)"
[ -z "$home_entries" ] || fail "the worker wrote under HOME ($home_entries); in the image HOME is on the read-only root"

say "passed"
