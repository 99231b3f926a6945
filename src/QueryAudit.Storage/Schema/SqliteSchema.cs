namespace QueryAudit.Storage.Schema;

/// <summary>
/// The SQLite schema steps. Times are INTEGER UTC ticks; lists are JSON text.
/// </summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "findings, approved executions, counters, quarantine, checkpoints, freezes, leases, triage and trail",
        [
            """
            CREATE TABLE findings (
                id TEXT NOT NULL PRIMARY KEY,
                severity INTEGER NOT NULL,
                kind TEXT NOT NULL,
                occurred_at INTEGER NOT NULL,
                ends_at INTEGER NULL,
                instance TEXT NOT NULL,
                account TEXT NOT NULL,
                client_host TEXT NOT NULL,
                connection_id INTEGER NOT NULL,
                query_id INTEGER NOT NULL,
                database_name TEXT NOT NULL,
                statement_kind TEXT NULL,
                template TEXT NULL,
                template_hash TEXT NULL,
                masked_statement TEXT NULL,
                statement TEXT NULL,
                ret_code INTEGER NULL,
                reason TEXT NOT NULL,
                script TEXT NULL,
                script_statement INTEGER NULL,
                source TEXT NOT NULL,
                event_count INTEGER NOT NULL,
                first_stored_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_findings_occurred_at ON findings (occurred_at)",
            "CREATE INDEX ix_findings_template_hash ON findings (template_hash)",
            "CREATE INDEX ix_findings_connection ON findings (instance, connection_id)",
            "CREATE INDEX ix_findings_account ON findings (account)",
            """
            CREATE TABLE approved_executions (
                id TEXT NOT NULL PRIMARY KEY,
                executed_at INTEGER NOT NULL,
                instance TEXT NOT NULL,
                account TEXT NOT NULL,
                client_host TEXT NOT NULL,
                connection_id INTEGER NOT NULL,
                query_id INTEGER NOT NULL,
                database_name TEXT NOT NULL,
                script TEXT NOT NULL,
                script_statement INTEGER NOT NULL,
                ticket TEXT NULL,
                approvers TEXT NOT NULL,
                window_text TEXT NOT NULL,
                run INTEGER NOT NULL,
                exact_hash TEXT NOT NULL,
                match_kind TEXT NOT NULL,
                source TEXT NOT NULL
            )
            """,
            "CREATE INDEX ix_approved_executions_executed_at ON approved_executions (executed_at)",
            "CREATE INDEX ix_approved_executions_connection ON approved_executions (instance, connection_id)",
            """
            CREATE TABLE event_counts (
                scope_key TEXT NOT NULL,
                instance TEXT NOT NULL,
                hour_start INTEGER NOT NULL,
                events INTEGER NOT NULL,
                PRIMARY KEY (scope_key, instance, hour_start)
            )
            """,
            "CREATE INDEX ix_event_counts_hour_start ON event_counts (hour_start)",
            """
            CREATE TABLE scope_counters (
                scope_key TEXT NOT NULL,
                name TEXT NOT NULL,
                value INTEGER NOT NULL,
                PRIMARY KEY (scope_key, name)
            )
            """,
            """
            CREATE TABLE quarantined_lines (
                id TEXT NOT NULL PRIMARY KEY,
                source TEXT NOT NULL,
                line INTEGER NOT NULL,
                event_id TEXT NULL,
                reason TEXT NOT NULL,
                preview TEXT NOT NULL,
                length INTEGER NOT NULL,
                recorded_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE checkpoints (
                source_key TEXT NOT NULL PRIMARY KEY,
                state TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE report_freezes (
                period TEXT NOT NULL PRIMARY KEY,
                frozen_at INTEGER NOT NULL,
                report_sha256 TEXT NOT NULL,
                late_events INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE leases (
                source_key TEXT NOT NULL PRIMARY KEY,
                owner TEXT NOT NULL,
                acquired_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE dispositions (
                finding_id TEXT NOT NULL PRIMARY KEY,
                status TEXT NOT NULL,
                reviewers TEXT NOT NULL,
                ticket TEXT NULL,
                note TEXT NULL,
                proposed_status TEXT NULL,
                suppression_rule_id TEXT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_dispositions_status ON dispositions (status)",
            """
            CREATE TABLE suppression_rules (
                id TEXT NOT NULL PRIMARY KEY,
                template_hash TEXT NOT NULL,
                template TEXT NOT NULL,
                account TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                approver TEXT NOT NULL,
                ticket TEXT NOT NULL,
                note TEXT NULL,
                source_finding_id TEXT NOT NULL
            )
            """,
            "CREATE INDEX ix_suppression_rules_template_hash ON suppression_rules (template_hash)",
            """
            CREATE TABLE trail (
                seq INTEGER NOT NULL PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                finding_ids TEXT NOT NULL,
                before_state TEXT NULL,
                after_state TEXT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE trail_head (
                id INTEGER NOT NULL PRIMARY KEY,
                last_seq INTEGER NOT NULL,
                last_hash TEXT NOT NULL
            )
            """,
            "INSERT INTO trail_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",

            // The hash chain is what proves the trail unchanged; these triggers only stop accidental edits through SQL.
            "CREATE TRIGGER trail_no_update BEFORE UPDATE ON trail BEGIN SELECT RAISE(ABORT, 'the triage trail is append-only'); END",
            "CREATE TRIGGER trail_no_delete BEFORE DELETE ON trail BEGIN SELECT RAISE(ABORT, 'the triage trail is append-only'); END",
        ]),
        new(2, "audit-logging off intervals and informational reads, so that a report can be built from the store",
        [
            """
            CREATE TABLE audit_off_intervals (
                scope_key TEXT NOT NULL,
                instance TEXT NOT NULL,
                off_at INTEGER NOT NULL,
                on_at INTEGER NULL,
                PRIMARY KEY (scope_key, instance, off_at)
            )
            """,
            """
            CREATE TABLE informational_reads (
                scope_key TEXT NOT NULL,
                account TEXT NOT NULL,
                template_hash TEXT NOT NULL,
                template TEXT NOT NULL,
                read_count INTEGER NOT NULL,
                first_at INTEGER NOT NULL,
                last_at INTEGER NOT NULL,
                PRIMARY KEY (scope_key, account, template_hash)
            )
            """,
        ]),
    ];
}
