#!/usr/bin/env python3
"""Make the small fixture month from the real MariaDB server_audit capture.

Keeps every line of every account except the application account, and of
the application account only the queries whose query id is a multiple of
KEEP_EVERY (with all their table lines) plus all its connection lines.
Lines are copied byte for byte and keep their order; nothing is rewritten.

usage: trim_capture.py CAPTURE_DIR OUT_DIR
  CAPTURE_DIR holds run1/server_audit.log*.gz and aurora/run1.aurora.log.gz
"""
import glob
import gzip
import os
import sys

APP_ACCOUNT = b"app_billing"
KEEP_EVERY = 25


def keep(line: bytes) -> bool:
    parts = line.split(b",", 7)
    if len(parts) < 8 or parts[2] != APP_ACCOUNT:
        return True
    try:
        query_id = int(parts[5])
    except ValueError:
        return True
    return query_id == 0 or query_id % KEEP_EVERY == 0


def trim(source: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    kept = total = 0
    # mtime=0 keeps the gzip output identical from run to run.
    with gzip.open(source, "rb") as reader, open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as writer:
            for line in reader:
                total += 1
                if keep(line):
                    kept += 1
                    writer.write(line)
    print(f"{target}: kept {kept} of {total} lines")


def main() -> None:
    capture, out = sys.argv[1], sys.argv[2]
    for path in sorted(glob.glob(os.path.join(capture, "run1", "server_audit.log*.gz"))):
        trim(path, os.path.join(out, "logs", "mariadb", os.path.basename(path)))
    trim(os.path.join(capture, "aurora", "run1.aurora.log.gz"),
         os.path.join(out, "logs", "aurora", "billing-prod-instance-1.audit.log.gz"))


if __name__ == "__main__":
    main()
