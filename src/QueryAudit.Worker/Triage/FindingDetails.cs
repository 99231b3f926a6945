using System.Globalization;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Worker.Triage;

/// <summary>
/// Writes everything known about one finding for <c>findings show</c>: the full statement with its literals, why it
/// was flagged, its triage state and history, and the stored statements of the same connection around it.
/// </summary>
internal static class FindingDetails
{
    /// <summary>How far before and after the finding the connection's other statements are listed.</summary>
    public static readonly TimeSpan ContextWindow = TimeSpan.FromMinutes(30);

    public static void Write(
        TextWriter output,
        StoredFinding stored,
        IReadOnlyList<ConnectionStatement> context,
        IReadOnlyList<TrailEntry> history,
        SuppressionRule? rule,
        TimeZoneInfo zone)
    {
        Finding f = stored.Finding;
        output.WriteLine($"Finding {f.Id}");
        Field(output, "severity", f.Severity.ToString().ToLowerInvariant());
        Field(output, "kind", f.Kind);
        Field(output, "why flagged", f.Reason);
        Field(output, "time", $"{FindingsOutput.LocalTime(f.OccurredAt, zone)} {zone.Id} ({FindingsOutput.UtcTime(f.OccurredAt)})");
        if (f.EndsAt is { } endsAt)
        {
            Field(output, "until", $"{FindingsOutput.LocalTime(endsAt, zone)} {zone.Id}");
        }

        Field(output, "account", f.ClientHost.Length == 0 ? f.Account : $"{f.Account} from {f.ClientHost}");
        Field(output, "instance", f.Instance);
        Field(output, "database", f.Database.Length == 0 ? "(none selected)" : f.Database);
        Field(output, "connection", string.Create(CultureInfo.InvariantCulture, $"{f.ConnectionId}, query id {f.QueryId}"));
        if (f.RetCode is { } retCode)
        {
            Field(output, "result", retCode == 0 ? "succeeded" : string.Create(CultureInfo.InvariantCulture, $"failed with error {retCode} (an attempt; it changed nothing)"));
        }

        if (f.Script is not null)
        {
            Field(output, "compared with", f.ScriptStatement is { } n ? string.Create(CultureInfo.InvariantCulture, $"{f.Script}, statement {n}") : f.Script);
        }

        if (f.EventCount > 1)
        {
            Field(output, "events", f.EventCount.ToString(CultureInfo.InvariantCulture));
        }

        Field(output, "evidence", f.Source);
        if (stored.TemplateHash is not null)
        {
            Field(output, "template hash", stored.TemplateHash);
        }

        WriteDisposition(output, stored, rule, zone);

        if (f.Statement is not null)
        {
            output.WriteLine();
            output.WriteLine("Statement (with literals):");
            output.WriteLine(Indent(f.Statement));
        }

        if (f.Template is not null)
        {
            output.WriteLine();
            output.WriteLine("Template:");
            output.WriteLine(Indent(f.Template));
        }

        output.WriteLine();
        output.WriteLine($"Connection {f.ConnectionId} on {f.Instance}, {ContextWindow.TotalMinutes:0} minutes either side (stored findings and approved executions only):");
        if (context.Count <= 1)
        {
            output.WriteLine("  no other stored statements");
        }

        foreach (ConnectionStatement statement in context)
        {
            string marker = statement.Reference == f.Id ? ">" : " ";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{marker} {FindingsOutput.LocalTime(statement.At, zone)}  query {statement.QueryId,-10} {statement.Kind,-8} {statement.Reference}  {statement.Text}"));
        }

        output.WriteLine();
        output.WriteLine("Trail:");
        if (history.Count == 0)
        {
            output.WriteLine("  no triage actions yet");
        }

        foreach (TrailEntry entry in history)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  #{entry.Sequence} {FindingsOutput.LocalTime(entry.At, zone)} {entry.Actor} {entry.Action}"));
        }
    }

    private static void WriteDisposition(TextWriter output, StoredFinding stored, SuppressionRule? rule, TimeZoneInfo zone)
    {
        Disposition? d = stored.Disposition;
        string status = stored.Status;
        if (d?.Status == FindingStatuses.PendingReview)
        {
            status += $" (proposed {d.ProposedStatus}; a second reviewer must confirm)";
        }

        Field(output, "status", status);
        if (d is null)
        {
            return;
        }

        if (d.Reviewers.Count > 0)
        {
            Field(output, "reviewers", string.Join(", ", d.Reviewers));
        }

        if (d.Ticket is not null)
        {
            Field(output, "ticket", d.Ticket);
        }

        if (d.Note is not null)
        {
            Field(output, "note", d.Note);
        }

        if (rule is not null)
        {
            Field(output, "suppressed by", $"rule {rule.Id} until {FindingsOutput.LocalTime(rule.ExpiresAt, zone)} {zone.Id}, approved by {rule.Approver}, ticket {rule.Ticket}");
        }

        Field(output, "decided", $"{FindingsOutput.LocalTime(d.UpdatedAt, zone)} {zone.Id}");
    }

    private static void Field(TextWriter output, string name, string value) => output.WriteLine($"  {name + ":",-15} {value}");

    // Only line feeds start a new line. A carriage return, form feed or Unicode line separator stays in the line, where
    // the terminal-safe writer shows it as an escape, so that it cannot pass for a line break of the statement.
    private static string Indent(string text) => "    " + text.Replace("\n", Environment.NewLine + "    ", StringComparison.Ordinal);
}
