#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root, or with sudo available).
# Idempotent: installs only what is missing. Each component below names the tests that need it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd="sudo"
fi

apt_packages=()
need_package() {
  # $1 = Debian package, $2 = a file it installs (checked instead of dpkg to stay fast)
  if [ ! -e "$2" ]; then
    apt_packages+=("$1")
  fi
}

# PDF tests render every page (pdftoppm).
need_package poppler-utils /usr/bin/pdftoppm
# The AWS CLI runs against the fake CloudWatch Logs server (QueryAudit.Aws.Tests); called as /usr/bin/aws.
need_package awscli /usr/bin/aws
# s3rver (below) runs on node; S3 tests in QueryAudit.Aws.Tests.
need_package npm /usr/bin/npm
# scripts/check-container-start.sh (QueryAudit.Deploy.Tests) copies the build context with rsync.
need_package rsync /usr/bin/rsync
# Catalog provenance tests (QueryAudit.Core.Tests, Catalog) build throw-away repositories and read them with git 2.31+.
need_package git /usr/bin/git
# ThreadCountTests (QueryAudit.Worker.Tests) generate a small month with bench/generate-month.py.
need_package python3 /usr/bin/python3
# MySQL store and real audit-log tests run a throw-away MariaDB server with the server_audit plugin (scripts/start-test-mariadb.sh).
need_package mariadb-server /usr/sbin/mariadbd

if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "install-test-deps: installing ${apt_packages[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

cd "$root"

# S3 archive and report-sink tests start s3rver on 127.0.0.1 from this project-local folder.
s3rver_version="3.7.1"
s3rver_dir="$root/.tools/s3rver"
if ! grep -qs "\"version\": \"$s3rver_version\"" "$s3rver_dir/node_modules/s3rver/package.json"; then
  echo "install-test-deps: installing s3rver $s3rver_version into .tools/s3rver"
  mkdir -p "$s3rver_dir"
  npm install --prefix "$s3rver_dir" --no-audit --no-fund --loglevel=error "s3rver@$s3rver_version" >/dev/null
fi
