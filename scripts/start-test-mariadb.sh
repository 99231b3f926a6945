#!/usr/bin/env bash
# Starts a throw-away MariaDB server for the integration tests and prints the shell lines that point the tests at it:
#
#   eval "$(scripts/start-test-mariadb.sh)"     # sets QUERYAUDIT_TEST_MYSQL and friends
#   ...run tests...
#   scripts/stop-test-mariadb.sh                 # stops it and removes its folder
#
# The server listens on 127.0.0.1 on a free port, keeps its data, socket, logs and pid file in its own temporary
# folder, and reads no option files (--no-defaults), so a system MariaDB on the default socket or port 3306 is never
# touched. The server_audit plugin is loaded and writes every connection, query and table event to
# $QUERYAUDIT_TEST_MARIADB_AUDIT_LOG, for tests that record real audit logs.
#
# Printed variables:
#   QUERYAUDIT_TEST_MYSQL        connection string of an account with all rights on queryaudit_test and queryaudit_test_* databases
#   QUERYAUDIT_TEST_MYSQL_ADMIN  connection string of an account with every global right (SET GLOBAL server_audit_*, CREATE USER)
#   QUERYAUDIT_TEST_MARIADB_DIR  the server's folder (stop-test-mariadb.sh reads it)
#   QUERYAUDIT_TEST_MARIADB_AUDIT_LOG  the server_audit log file
# Everything else goes to standard error, so that eval sees only the export lines.
set -euo pipefail

log() { echo "start-test-mariadb: $*" >&2; }

if [ ! -x /usr/sbin/mariadbd ] || [ ! -x /usr/bin/mariadb-install-db ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd="sudo"
  fi
  log "installing mariadb-server"
  $sudo_cmd apt-get update -qq >&2
  # policy-rc.d-less containers may try to start the packaged service; it is not used here and its failure is harmless.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
fi

plugin_dir="$(/usr/sbin/mariadbd --no-defaults --verbose --help 2>/dev/null | awk '$1 == "plugin-dir" { print $2 }')"
if [ ! -f "${plugin_dir:-/usr/lib/mysql/plugin}/server_audit.so" ]; then
  log "server_audit.so is missing from ${plugin_dir:-/usr/lib/mysql/plugin}; reinstall mariadb-server (Debian ships the plugin in it)"
  exit 1
fi

# A free port: start at a random point of the dynamic range and take the first one nothing listens on.
port=""
start=$((20000 + RANDOM % 20000))
for candidate in $(seq "$start" $((start + 200))); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port="$candidate"
    break
  fi
done
if [ -z "$port" ]; then
  log "no free TCP port found on 127.0.0.1 between $start and $((start + 200))"
  exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/queryaudit-mariadb.XXXXXX")"
chmod 755 "$dir"
mkdir -p "$dir/data"

# mariadbd refuses to run as root, so as root it runs as the packaged mysql user, which must own its folder.
user_args=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R mysql:mysql "$dir"
  user_args=(--user=mysql)
fi

log "initialising $dir/data"
if ! /usr/bin/mariadb-install-db --no-defaults "${user_args[@]}" --datadir="$dir/data" \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1; then
  log "mariadb-install-db failed; its output is in $dir/install.log:"
  tail -20 "$dir/install.log" >&2
  exit 1
fi

log "starting mariadbd on 127.0.0.1:$port"
/usr/sbin/mariadbd --no-defaults "${user_args[@]}" \
  --datadir="$dir/data" --socket="$dir/mariadbd.sock" --pid-file="$dir/mariadbd.pid" \
  --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --log-error="$dir/error.log" \
  --innodb-buffer-pool-size=64M --max-connections=200 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
  --plugin-load-add=server_audit \
  --server-audit-logging=ON --server-audit-events=CONNECT,QUERY,TABLE \
  --server-audit-file-path="$dir/server_audit.log" --server-audit-file-rotate-size=100000000 \
  >/dev/null 2>&1 &
echo $! >"$dir/launcher.pid"

ready=""
for _ in $(seq 1 120); do
  if /usr/bin/mariadb-admin --no-defaults --socket="$dir/mariadbd.sock" -uroot ping >/dev/null 2>&1; then
    ready=1
    break
  fi
  if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  log "mariadbd did not start within 60 s; the end of $dir/error.log:"
  tail -20 "$dir/error.log" >&2 || true
  kill "$(cat "$dir/launcher.pid")" 2>/dev/null || true
  exit 1
fi

password="qa$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
admin_password="qa$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
/usr/bin/mariadb --no-defaults --socket="$dir/mariadbd.sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS queryaudit_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'queryaudit'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`queryaudit\_test%\`.* TO 'queryaudit'@'127.0.0.1';
CREATE USER 'queryaudit_admin'@'127.0.0.1' IDENTIFIED BY '$admin_password';
GRANT ALL PRIVILEGES ON *.* TO 'queryaudit_admin'@'127.0.0.1' WITH GRANT OPTION;
SQL

if ! /usr/bin/mariadb --no-defaults --socket="$dir/mariadbd.sock" -uroot -N -e "SHOW GLOBAL VARIABLES LIKE 'server_audit_logging'" | grep -q ON; then
  log "the server_audit plugin did not load; see $dir/error.log"
  exit 1
fi

log "ready: 127.0.0.1:$port, folder $dir"
echo "export QUERYAUDIT_TEST_MYSQL='Server=127.0.0.1;Port=$port;User ID=queryaudit;Password=$password;Database=queryaudit_test'"
echo "export QUERYAUDIT_TEST_MYSQL_ADMIN='Server=127.0.0.1;Port=$port;User ID=queryaudit_admin;Password=$admin_password'"
echo "export QUERYAUDIT_TEST_MARIADB_DIR='$dir'"
echo "export QUERYAUDIT_TEST_MARIADB_AUDIT_LOG='$dir/server_audit.log'"
