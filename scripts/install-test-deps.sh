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

if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "install-test-deps: installing ${apt_packages[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

cd "$root"
