namespace QueryAudit.Storage.Schema;

/// <summary>
/// The MySQL/MariaDB schema steps. Times are BIGINT UTC ticks; lists are JSON text. Tables use utf8mb4 with a binary
/// collation, so account names and ids compare exactly, as MySQL compares account names. DDL is not transactional in
/// MySQL, so every statement can run again after a step failed halfway (IF NOT EXISTS, ON DUPLICATE KEY).
/// Unlike SQLite, no trigger guards the trail: creating one needs SUPER or log_bin_trust_function_creators where
/// binary logging is on (as on Aurora). The hash chain still detects any change.
/// </summary>
internal static class MySqlSchema
{
    private const string Table = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    // Indexed VARCHAR widths keep every key under InnoDB's 3072-byte limit at 4 bytes per character.
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "findings, approved executions, counters, quarantine, checkpoints, freezes, leases, triage and trail",
        [
            $"""
            CREATE TABLE IF NOT EXISTS findings (
                id VARCHAR(64) NOT NULL PRIMARY KEY,
                severity INT NOT NULL,
                kind VARCHAR(64) NOT NULL,
                occurred_at BIGINT NOT NULL,
                ends_at BIGINT NULL,
                instance VARCHAR(255) NOT NULL,
                account VARCHAR(512) NOT NULL,
                client_host VARCHAR(255) NOT NULL,
                connection_id BIGINT NOT NULL,
                query_id BIGINT NOT NULL,
                database_name VARCHAR(255) NOT NULL,
                statement_kind VARCHAR(32) NULL,
                template MEDIUMTEXT NULL,
                template_hash CHAR(64) NULL,
                masked_statement MEDIUMTEXT NULL,
                statement MEDIUMTEXT NULL,
                ret_code INT NULL,
                reason TEXT NOT NULL,
                script VARCHAR(1024) NULL,
                script_statement INT NULL,
                source TEXT NOT NULL,
                event_count INT NOT NULL,
                first_stored_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                INDEX ix_findings_occurred_at (occurred_at),
                INDEX ix_findings_template_hash (template_hash),
                INDEX ix_findings_connection (instance, connection_id),
                INDEX ix_findings_account (account)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS approved_executions (
                id CHAR(64) NOT NULL PRIMARY KEY,
                executed_at BIGINT NOT NULL,
                instance VARCHAR(255) NOT NULL,
                account VARCHAR(512) NOT NULL,
                client_host VARCHAR(255) NOT NULL,
                connection_id BIGINT NOT NULL,
                query_id BIGINT NOT NULL,
                database_name VARCHAR(255) NOT NULL,
                script VARCHAR(1024) NOT NULL,
                script_statement INT NOT NULL,
                ticket VARCHAR(255) NULL,
                approvers TEXT NOT NULL,
                window_text VARCHAR(255) NOT NULL,
                run INT NOT NULL,
                exact_hash CHAR(64) NOT NULL,
                match_kind VARCHAR(32) NOT NULL,
                source TEXT NOT NULL,
                INDEX ix_approved_executions_executed_at (executed_at),
                INDEX ix_approved_executions_connection (instance, connection_id)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS event_counts (
                scope_key VARCHAR(255) NOT NULL,
                instance VARCHAR(255) NOT NULL,
                hour_start BIGINT NOT NULL,
                events BIGINT NOT NULL,
                PRIMARY KEY (scope_key, instance, hour_start),
                INDEX ix_event_counts_hour_start (hour_start)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS scope_counters (
                scope_key VARCHAR(255) NOT NULL,
                name VARCHAR(64) NOT NULL,
                value BIGINT NOT NULL,
                PRIMARY KEY (scope_key, name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS quarantined_lines (
                id CHAR(64) NOT NULL PRIMARY KEY,
                source TEXT NOT NULL,
                line BIGINT NOT NULL,
                event_id VARCHAR(255) NULL,
                reason TEXT NOT NULL,
                preview TEXT NOT NULL,
                length BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS checkpoints (
                source_key VARCHAR(512) NOT NULL PRIMARY KEY,
                state MEDIUMTEXT NOT NULL,
                updated_at BIGINT NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS report_freezes (
                period VARCHAR(128) NOT NULL PRIMARY KEY,
                frozen_at BIGINT NOT NULL,
                report_sha256 CHAR(64) NOT NULL,
                late_events BIGINT NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS leases (
                source_key VARCHAR(512) NOT NULL PRIMARY KEY,
                owner VARCHAR(255) NOT NULL,
                acquired_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS dispositions (
                finding_id VARCHAR(64) NOT NULL PRIMARY KEY,
                status VARCHAR(32) NOT NULL,
                reviewers TEXT NOT NULL,
                ticket VARCHAR(255) NULL,
                note TEXT NULL,
                proposed_status VARCHAR(32) NULL,
                suppression_rule_id VARCHAR(64) NULL,
                updated_at BIGINT NOT NULL,
                INDEX ix_dispositions_status (status)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS suppression_rules (
                id VARCHAR(64) NOT NULL PRIMARY KEY,
                template_hash CHAR(64) NOT NULL,
                template MEDIUMTEXT NOT NULL,
                account VARCHAR(512) NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                approver VARCHAR(255) NOT NULL,
                ticket VARCHAR(255) NOT NULL,
                note TEXT NULL,
                source_finding_id VARCHAR(64) NOT NULL,
                INDEX ix_suppression_rules_template_hash (template_hash)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS trail (
                seq BIGINT NOT NULL PRIMARY KEY,
                at BIGINT NOT NULL,
                actor VARCHAR(255) NOT NULL,
                action VARCHAR(64) NOT NULL,
                finding_ids MEDIUMTEXT NOT NULL,
                before_state MEDIUMTEXT NULL,
                after_state MEDIUMTEXT NULL,
                previous_hash CHAR(64) NOT NULL,
                hash CHAR(64) NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS trail_head (
                id INT NOT NULL PRIMARY KEY,
                last_seq BIGINT NOT NULL,
                last_hash CHAR(64) NOT NULL
            ) {Table}
            """,
            "INSERT INTO trail_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000') ON DUPLICATE KEY UPDATE id = id",
        ]),
        new(2, "audit-logging off intervals and informational reads, so that a report can be built from the store",
        [
            $"""
            CREATE TABLE IF NOT EXISTS audit_off_intervals (
                scope_key VARCHAR(255) NOT NULL,
                instance VARCHAR(255) NOT NULL,
                off_at BIGINT NOT NULL,
                on_at BIGINT NULL,
                PRIMARY KEY (scope_key, instance, off_at)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS informational_reads (
                scope_key VARCHAR(255) NOT NULL,
                account VARCHAR(255) NOT NULL,
                template_hash CHAR(64) NOT NULL,
                template MEDIUMTEXT NOT NULL,
                read_count BIGINT NOT NULL,
                first_at BIGINT NOT NULL,
                last_at BIGINT NOT NULL,
                PRIMARY KEY (scope_key, account, template_hash)
            ) {Table}
            """,
        ]),
    ];
}
