#!/usr/bin/env bash
# Stops the server that start-test-mariadb.sh started and removes its folder.
# Usage: scripts/stop-test-mariadb.sh [FOLDER]   (default: $QUERYAUDIT_TEST_MARIADB_DIR)
set -uo pipefail

dir="${1:-${QUERYAUDIT_TEST_MARIADB_DIR:-}}"
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "stop-test-mariadb: no server folder given and QUERYAUDIT_TEST_MARIADB_DIR is not set; nothing to stop" >&2
  exit 0
fi

case "$(basename "$dir")" in
  queryaudit-mariadb.*) ;;
  *)
    echo "stop-test-mariadb: $dir was not made by start-test-mariadb.sh (expected a queryaudit-mariadb.* folder); leaving it alone" >&2
    exit 1
    ;;
esac

pid=""
if [ -f "$dir/mariadbd.pid" ]; then
  pid="$(cat "$dir/mariadbd.pid")"
elif [ -f "$dir/launcher.pid" ]; then
  pid="$(cat "$dir/launcher.pid")"
fi

if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  # SIGTERM is mariadbd's normal shutdown; wait up to 30 s before forcing it.
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-test-mariadb: mariadbd $pid did not stop within 30 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
fi

rm -rf "$dir"
