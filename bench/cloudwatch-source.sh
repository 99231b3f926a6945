#!/usr/bin/env bash
# Runs the CloudWatch source benchmark against the in-process fake CloudWatch Logs server
# (an [Explicit] NUnit fixture) in Release and prints its measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
dotnet test tests/QueryAudit.Aws.Tests -c Release \
  --filter "FullyQualifiedName~QueryAudit.Aws.Tests.CloudWatch.CloudWatchSourceBenchmark" \
  --logger "console;verbosity=detailed" | grep -E "^\s*(rate limits|events|FilterLogEvents|Passed|Failed)" | grep -v "^ "
