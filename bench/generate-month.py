#!/usr/bin/env python3
"""Generate a large, realistic month of Aurora MySQL audit logs from a real capture.

The month is built from one real capture in the Aurora layout (by default the trimmed one in
sql-fixtures/logs/aurora, or the full run1 capture in ../shared/corpus when it is there):

* Application traffic: the statements of the application accounts (policy class "application"),
  replayed in their original order on several instances, on eight concurrent connections per
  instance that reconnect every few thousand statements, with new connection and query ids, times
  spread evenly over the month, and the numbers inside each statement varied (16 variants per
  statement, same digit count, so templates and the logged length stay the same).
* Human sessions: every connection of the other accounts, once, at its original time on instance 1
  (the capture's approved script runs stay inside their windows and run once).
* Planted exceptions: the connections named in expected-exceptions.tsv, replayed --replays times
  with new connection ids, spread over the month and over the instances.

Output: one <cluster>-instance-N.audit.log.gz per instance, manifest.json (what was planted, where),
and with --slowlog a MySQL slow log of the first --slowlog-statements statements, for pt-query-digest.
The output depends only on the arguments and the source file (seeded; no clock is read).
"""

import argparse
import calendar
import gzip
import hashlib
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_LOG = os.path.join(REPO, "sql-fixtures", "logs", "aurora", "billing-prod-instance-1.audit.log.gz")
FULL_LOG = os.path.join(REPO, "..", "shared", "corpus", "real-mariadb", "aurora", "run1.aurora.log.gz")
EXPECTED = os.path.join(REPO, "sql-fixtures", "expected-exceptions.tsv")
POLICY = os.path.join(REPO, "sql-fixtures", "policy.yaml")

VARIANTS = 16
CONCURRENT_CONNECTIONS = 8
SESSION_STATEMENTS = 5000
APP_CONNECTION_BASE = 1_000_000
PLANTED_CONNECTION_BASE = 50_000_000

# A run of digits that is a number on its own: not part of a word, a decimal part or an escape (\0).
NUMBER = re.compile(r"(?<![\w.\\])\d+(?![\w.])")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="audit lines to write in all (default 1,000,000)")
    parser.add_argument("--period", default="2026-12", help="month YYYY-MM in --time-zone (default 2026-12, the capture's month)")
    parser.add_argument("--time-zone", default="Asia/Tokyo", help="zone of the reporting month (the fixture policy's)")
    parser.add_argument("--instances", type=int, default=4, help="instances, one file each (default 4)")
    parser.add_argument("--cluster", default="billing-prod")
    parser.add_argument("--replays", type=int, default=20, help="times each planted exception connection is replayed (default 20)")
    parser.add_argument("--pool", type=int, default=40_000, help="application statements (with their table records) to cycle through (default 40,000)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--source", help="capture in the Aurora layout (.gz); default: the full run1 capture when present, else the fixture")
    parser.add_argument("--fixture-only", action="store_true", help="use the fixture capture even when the full one is present")
    parser.add_argument("--gzip-level", type=int, default=6)
    parser.add_argument("--slowlog", help="also write this MySQL slow log (for pt-query-digest)")
    parser.add_argument("--slowlog-statements", type=int, default=200_000, help="statements in the slow log (default 200,000)")
    parser.add_argument("--out", required=True, help="output folder")
    return parser.parse_args()


def application_accounts(policy_path):
    accounts = set()
    with open(policy_path, encoding="utf-8") as f:
        for line in f:
            m = re.search(r"match:\s*([^,}\s]+)\s*,\s*class:\s*application", line)
            if m:
                accounts.add(m.group(1))
    return accounts


def planted_connections(expected_path):
    """Returns (exception id, [connection ids]) for every ground-truth exception that has log lines."""
    rows = []
    with open(expected_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            fields = dict(zip(header, line.rstrip("\n").split("\t")))
            ids = [int(c) for c in fields.get("connection_ids", "").split() if c]
            if ids:
                rows.append((fields["id"], ids))
    return rows


def read_capture(path):
    """Splits each line into (timestamp us, user, host, connection, query id, operation, rest)."""
    records = []
    with gzip.open(path, "rt", encoding="utf-8", errors="surrogateescape", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n")
            parts = line.split(",", 7)
            if len(parts) < 8:
                continue
            ts, _server, user, host, conn, qid, op, rest = parts
            records.append((int(ts), user, host, int(conn), int(qid), op, rest))
    return records


def vary(text, variant):
    """Changes every number in text, keeping its digit count."""
    if variant == 0:
        return text

    def repl(m):
        s = m.group(0)
        width = len(s)
        n = (int(s) + variant * 7919) % (10 ** width)
        out = str(n)
        if width > 1 and len(out) < width:
            out = str(10 ** (width - 1) + n % (10 ** (width - 1)))
        return out

    return NUMBER.sub(repl, text)


def split_rest(rest):
    """rest is 'database,object,retcode'; the object may hold commas, the others do not."""
    first = rest.index(",")
    last = rest.rindex(",")
    return rest[:first], rest[first + 1:last], rest[last + 1:]


def unescape_object(obj):
    """The Aurora object field is quoted with backslash escapes; the slow log wants the plain text."""
    if len(obj) >= 2 and obj[0] == "'" and obj[-1] == "'":
        obj = obj[1:-1]
    out = []
    i = 0
    n = len(obj)
    while i < n:
        c = obj[i]
        if c == "\\" and i + 1 < n:
            nxt = obj[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def build_app_groups(records, app_accounts):
    """Groups the application lines (no CONNECT/DISCONNECT) by connection and query id, in log order."""
    groups = []
    current_key = None
    current = None
    users = {}
    for ts, user, host, conn, qid, op, rest in records:
        if user not in app_accounts or op in ("CONNECT", "DISCONNECT", "FAILED_CONNECT", "CHANGEUSER"):
            continue
        users.setdefault(user, host)
        key = (conn, qid)
        if key != current_key:
            current = {"user": user, "host": host, "lines": []}
            groups.append(current)
            current_key = key
        current["lines"].append((op, rest))
    return groups


class AppTraffic:
    """The application groups, each in VARIANTS spellings made on first use and kept (a pool bounds the memory)."""

    def __init__(self, groups, pool, rng):
        if len(groups) > pool:
            start = rng.randrange(len(groups) - pool + 1)
            groups = groups[start:start + pool]
        self.groups = groups
        self.cache = {}

    def __len__(self):
        return len(self.groups)

    def get(self, index, variant):
        key = (index, variant)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        g = self.groups[index]
        lines = []
        sql = None
        for op, rest in g["lines"]:
            if op == "QUERY":
                db, obj, ret = split_rest(rest)
                obj = vary(obj, variant)
                lines.append(f"{op},{db},{obj},{ret}")
                sql = obj
            else:
                lines.append(f"{op},{rest}")
        hit = (g["user"], g["host"], lines, sql)
        self.cache[key] = hit
        return hit


class SlowLog:
    def __init__(self, path, limit):
        self.f = open(path, "w", encoding="utf-8", errors="surrogateescape") if path else None
        self.limit = limit
        self.written = 0
        if self.f:
            self.f.write("/usr/sbin/mysqld, Version: 8.0.32 (generated). started with:\n"
                         "Tcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n")

    def wants(self):
        return self.f is not None and self.written < self.limit

    def add(self, ts_us, user, host, conn, sql):
        if not self.f or self.written >= self.limit or sql is None:
            return
        t = datetime.fromtimestamp(ts_us // 1_000_000, timezone.utc)
        self.f.write(
            f"# Time: {t.strftime('%Y-%m-%dT%H:%M:%S')}.{ts_us % 1_000_000:06d}Z\n"
            f"# User@Host: {user}[{user}] @  [{host}]  Id: {conn}\n"
            f"# Query_time: 0.000{(conn * 37 + self.written) % 900 + 100}  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n"
            f"SET timestamp={ts_us // 1_000_000};\n{sql.rstrip(';')};\n")
        self.written += 1

    def close(self):
        if self.f:
            self.f.close()


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    source = args.source or (FULL_LOG if os.path.exists(FULL_LOG) and not args.fixture_only else FIXTURE_LOG)
    with open(source, "rb") as f:
        source_sha = hashlib.sha256(f.read()).hexdigest()

    year, month = (int(x) for x in args.period.split("-"))
    zone = ZoneInfo(args.time_zone)
    start = datetime(year, month, 1, tzinfo=zone)
    days = calendar.monthrange(year, month)[1]
    end = start + timedelta(days=days)
    start_us = int(start.timestamp()) * 1_000_000 + 1_000_000  # one second in, clear of the boundary
    month_us = int(end.timestamp()) * 1_000_000 - 1_000_000 - start_us

    app_accounts = application_accounts(POLICY)
    records = read_capture(source)
    app_groups = AppTraffic(build_app_groups(records, app_accounts), args.pool, rng)
    if len(app_groups) == 0:
        sys.exit(f"error: {source} holds no lines of the application accounts {sorted(app_accounts)}; check --source and {POLICY}")

    # Human sessions once, at their original times, on instance 1; the planted connections K times more.
    human = [r for r in records if r[1] not in app_accounts]
    by_connection = {}
    for r in human:
        by_connection.setdefault(r[3], []).append(r)
    plants = planted_connections(EXPECTED)
    missing = [c for _, ids in plants for c in ids if c not in by_connection]
    if missing:
        sys.exit(f"error: connections {missing} of {EXPECTED} are not in {source}; use the capture the ground truth describes")

    planted_by_instance = {i: [] for i in range(1, args.instances + 1)}
    for r in human:
        planted_by_instance[1].append(r)
    manifest_plants = []
    plant_first = min(by_connection[c][0][0] for _, ids in plants for c in ids)
    human_first = min(r[0] for r in human) if human else 0
    human_last = max(r[0] for r in human) if human else 0
    for k in range(1, args.replays + 1):
        instance = (k - 1) % args.instances + 1
        target = start_us + int((k - 0.5) / args.replays * month_us) + rng.randrange(0, 600_000_000)
        # Stay an hour clear of the original human sessions, so that bursts and windows do not mix.
        if human_first - 3_600_000_000 < target < human_last + 3_600_000_000:
            target = human_last + 3_600_000_000
        shift = target - plant_first
        for index, (exception_id, ids) in enumerate(plants):
            for c in ids:
                new_conn = PLANTED_CONNECTION_BASE + k * 1000 + c
                for ts, user, host, _conn, qid, op, rest in by_connection[c]:
                    planted_by_instance[instance].append((ts + shift, user, host, new_conn, qid, op, rest))
                manifest_plants.append({
                    "replay": k, "exception": exception_id, "instance": f"{args.cluster}-instance-{instance}",
                    "original_connection": c, "connection": new_conn,
                    "first_timestamp_us": by_connection[c][0][0] + shift,
                    "user": by_connection[c][0][1],
                })

    os.makedirs(args.out, exist_ok=True)
    slowlog = SlowLog(args.slowlog, args.slowlog_statements)
    per_instance = args.events // args.instances
    files = []
    group_cursor = rng.randrange(len(app_groups))
    variant_cursor = 0
    total_lines = 0
    for instance in range(1, args.instances + 1):
        name = f"{args.cluster}-instance-{instance}"
        path = os.path.join(args.out, f"{name}.audit.log.gz")
        plant = sorted(planted_by_instance[instance], key=lambda r: r[0])
        budget = per_instance if instance < args.instances else args.events - per_instance * (args.instances - 1)
        app_budget = max(0, budget - len(plant))
        step = month_us / max(1, app_budget)
        next_conn = APP_CONNECTION_BASE + instance * 100_000
        slots = []
        for _ in range(CONCURRENT_CONNECTIONS):
            slots.append({"conn": next_conn, "qid": 0, "left": 0})
            next_conn += 1
        pi = 0
        written = 0
        uncompressed = 0
        buffer = []
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=args.gzip_level, mtime=0, filename="") as gz:
            def emit(ts, user, host, conn, qid, op_rest):
                buffer.append(f"{ts},{name},{user},{host},{conn},{qid},{op_rest}\n")

            def flush_plants(until):
                nonlocal pi, written
                while pi < len(plant) and plant[pi][0] <= until:
                    ts, user, host, conn, qid, op, rest = plant[pi]
                    emit(ts, user, host, conn, qid, f"{op},{rest}")
                    if op == "QUERY":
                        slowlog.add(ts, user, host, conn, unescape_object(split_rest(rest)[1]))
                    pi += 1
                    written += 1

            slot_index = 0
            app_written = 0
            while app_written < app_budget:
                ts = start_us + int(app_written * step)
                flush_plants(ts)
                slot = slots[slot_index]
                slot_index = (slot_index + 1) % CONCURRENT_CONNECTIONS
                if slot["left"] == 0:
                    user, host = app_groups.groups[0]["user"], app_groups.groups[0]["host"]
                    if slot["qid"] > 0:
                        emit(ts, user, host, slot["conn"], 0, "DISCONNECT,,,0")
                        slot["conn"] = next_conn
                        next_conn += 1
                        slot["qid"] = 0
                        app_written += 1
                    emit(ts, user, host, slot["conn"], 0, "CONNECT,billing,,0")
                    slot["left"] = SESSION_STATEMENTS
                    app_written += 1
                    continue
                group_cursor = (group_cursor + 1) % len(app_groups)
                variant_cursor = (variant_cursor + 5) % VARIANTS
                user, host, lines, sql = app_groups.get(group_cursor, variant_cursor)
                slot["qid"] += 1
                slot["left"] -= 1
                for op_rest in lines:
                    emit(ts, user, host, slot["conn"], slot["qid"], op_rest)
                app_written += len(lines)
                if sql is not None and slowlog.wants():
                    slowlog.add(ts, user, host, slot["conn"], unescape_object(sql))
                if len(buffer) >= 8192:
                    chunk = "".join(buffer).encode("utf-8", "surrogateescape")
                    uncompressed += len(chunk)
                    gz.write(chunk)
                    buffer.clear()
            flush_plants(1 << 62)
            end_ts = start_us + month_us
            for slot in slots:
                if slot["qid"] > 0 or slot["left"] > 0:
                    emit(end_ts, app_groups.groups[0]["user"], app_groups.groups[0]["host"], slot["conn"], 0, "DISCONNECT,,,0")
                    app_written += 1
            chunk = "".join(buffer).encode("utf-8", "surrogateescape")
            uncompressed += len(chunk)
            gz.write(chunk)
            buffer.clear()
        lines_in_file = app_written + written
        total_lines += lines_in_file
        files.append({"path": os.path.basename(path), "instance": name, "lines": lines_in_file,
                      "planted_lines": written, "bytes": os.path.getsize(path),
                      "uncompressed_bytes": uncompressed})
        print(f"wrote {path}: {lines_in_file:,} lines", file=sys.stderr)
    slowlog.close()

    manifest = {
        "generator": "bench/generate-month.py",
        "arguments": {k: v for k, v in vars(args).items() if k not in ("out",)},
        "source": os.path.relpath(source, REPO), "source_sha256": source_sha,
        "period": args.period, "time_zone": args.time_zone, "cluster": args.cluster,
        "lines": total_lines, "files": files,
        "bytes": sum(f["bytes"] for f in files), "uncompressed_bytes": sum(f["uncompressed_bytes"] for f in files),
        "human_connections_once": sorted(by_connection),
        "planted": manifest_plants,
        "planted_connections": len(manifest_plants),
        "slowlog": {"path": args.slowlog, "statements": slowlog.written} if args.slowlog else None,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"total {total_lines:,} lines in {len(files)} files; {len(manifest_plants)} planted connections", file=sys.stderr)


if __name__ == "__main__":
    main()
