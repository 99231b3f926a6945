#!/usr/bin/env bash
# Publishes the queryaudit worker (framework-dependent, with its native launcher) into one folder.
# The Dockerfile and scripts/check-container-start.sh both call this script, so the image and the
# start check run the same build.
#
# Usage: scripts/publish-worker.sh OUTPUT_DIR [VERSION] [COMMIT]
#   VERSION  SemVer written into the assembly and printed by `queryaudit --version` (default 0.0.0-local)
#   COMMIT   source revision appended to that version after a '+' (default unknown)
set -euo pipefail

if [ "$#" -lt 1 ] || [ "$#" -gt 3 ]; then
  echo "usage: $0 OUTPUT_DIR [VERSION] [COMMIT]" >&2
  exit 2
fi

out="$1"
version="${2:-0.0.0-local}"
commit="${3:-unknown}"
root="$(cd "$(dirname "$0")/.." && pwd)"

# ContinuousIntegrationBuild maps source paths in the debug symbols to /_/, so the binaries do not
# depend on the folder they were built in.
dotnet publish "$root/src/QueryAudit.Worker/QueryAudit.Worker.csproj" \
  --configuration Release \
  --output "$out" \
  --nologo \
  -p:Version="$version" \
  -p:SourceRevisionId="$commit" \
  -p:ContinuousIntegrationBuild=true \
  -p:UseAppHost=true
