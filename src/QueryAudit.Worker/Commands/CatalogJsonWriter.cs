using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// Writes <c>catalog check</c> and <c>catalog show</c> results as JSON, with camelCase names and ISO 8601 times.
/// </summary>
internal static class CatalogJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Script text and names are shown as written (Japanese literals stay readable); this is output, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the catalog summary and its problems.</summary>
    public static void WriteCheck(TextWriter output, ApprovedCatalog catalog) =>
        Write(output, writer =>
        {
            writer.WriteStartObject();
            WriteSummary(writer, catalog);
            WriteProblems(writer, catalog.Problems);
            writer.WriteEndObject();
        });

    /// <summary>Writes the catalog summary, every script with approval, provenance and statements, and the problems.</summary>
    public static void WriteShow(TextWriter output, ApprovedCatalog catalog) =>
        Write(output, writer =>
        {
            writer.WriteStartObject();
            WriteSummary(writer, catalog);
            writer.WriteStartArray("scripts");
            foreach (CatalogScript script in catalog.Scripts)
            {
                WriteScript(writer, script);
            }

            writer.WriteEndArray();
            WriteProblems(writer, catalog.Problems);
            writer.WriteEndObject();
        });

    private static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer, WriterOptions))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteSummary(Utf8JsonWriter writer, ApprovedCatalog catalog)
    {
        int errors = catalog.Problems.Count(p => p.Severity == CatalogProblemSeverity.Error);
        writer.WriteString("directory", catalog.Directory);
        writer.WriteString("contentHash", catalog.ContentHash);
        WriteNullable(writer, "commit", catalog.Commit);
        writer.WriteNumber("scripts", catalog.Scripts.Count);
        writer.WriteNumber("statements", catalog.Statements.Count());
        writer.WriteNumber("errors", errors);
        writer.WriteNumber("warnings", catalog.Problems.Count - errors);
    }

    private static void WriteProblems(Utf8JsonWriter writer, IReadOnlyList<CatalogProblem> problems)
    {
        writer.WriteStartArray("problems");
        foreach (CatalogProblem problem in problems)
        {
            writer.WriteStartObject();
            writer.WriteString("file", problem.File);
            writer.WriteNumber("line", problem.Line);
            writer.WriteString("severity", problem.Severity == CatalogProblemSeverity.Error ? "error" : "warning");
            writer.WriteString("code", problem.Code);
            writer.WriteString("message", problem.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteScript(Utf8JsonWriter writer, CatalogScript script)
    {
        writer.WriteStartObject();
        writer.WriteString("path", script.RelativePath);
        writer.WriteString("kind", script.Kind == CatalogScriptKind.Migration ? "migration" : "operation");
        if (script.Migration is { } name)
        {
            writer.WriteString("style", name.Style.ToString());
            writer.WriteString("direction", name.Direction.ToString());
            WriteNullable(writer, "version", name.Version?.Text);
        }

        writer.WriteString("description", script.Description);
        writer.WriteString("fileSha256", script.FileSha256);
        writer.WriteBoolean("approved", script.IsApproved);
        if (script.Approval is { } approval)
        {
            WriteApproval(writer, approval);
        }

        if (script.Provenance is { } provenance)
        {
            WriteProvenance(writer, provenance);
        }

        writer.WriteStartArray("statements");
        foreach (CatalogStatement statement in script.Statements)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", statement.Index);
            writer.WriteNumber("line", statement.Line);
            writer.WriteString("kind", statement.Normalized.Kind.ToString());
            writer.WriteString("exactHash", statement.Normalized.ExactHash);
            writer.WriteString("templateHash", statement.Normalized.TemplateHash);
            writer.WriteString("exactForm", statement.Normalized.ExactForm);
            writer.WriteString("template", statement.Normalized.Template);
            WriteNullable(writer, "routine", statement.Normalized.Routine);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteApproval(Utf8JsonWriter writer, CatalogApproval approval)
    {
        writer.WriteStartObject("approval");
        WriteNullable(writer, "ticket", approval.Ticket);
        WriteStrings(writer, "approvers", approval.Approvers);
        WriteStrings(writer, "executors", approval.Executors);
        WriteTime(writer, "windowStart", approval.WindowStart);
        WriteTime(writer, "windowEnd", approval.WindowEnd);
        WriteStrings(writer, "targets", approval.Targets.Select(t => t.ToString()));
        writer.WriteNumber("maxRuns", approval.MaxRuns);
        WriteTime(writer, "approvedAt", approval.ApprovedAt);
        WriteNullable(writer, "approvedCommit", approval.ApprovedCommit);
        WriteNullable(writer, "purpose", approval.Purpose);
        writer.WriteString("evidence", approval.Evidence);
        writer.WriteEndObject();
    }

    private static void WriteProvenance(Utf8JsonWriter writer, ScriptProvenance provenance)
    {
        writer.WriteStartObject("provenance");
        writer.WriteBoolean("committed", provenance.Committed);
        writer.WriteBoolean("modifiedInWorkingTree", provenance.ModifiedInWorkingTree);
        WriteCommit(writer, "added", provenance.Added);
        WriteCommit(writer, "lastChanged", provenance.LastChanged);
        WriteCommit(writer, "merge", provenance.Merge);
        WriteCommit(writer, "approvedCommit", provenance.ApprovedCommit);
        writer.WriteStartArray("approvers");
        foreach (GitApprover approver in provenance.Approvers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", approver.Name);
            WriteNullable(writer, "email", approver.Email);
            writer.WriteString("trailer", approver.Trailer);
            writer.WriteString("commit", approver.CommitSha);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCommit(Utf8JsonWriter writer, string name, GitCommit? commit)
    {
        if (commit is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("sha", commit.Sha);
        writer.WriteString("author", commit.AuthorName);
        writer.WriteString("authorEmail", commit.AuthorEmail);
        writer.WriteString("authoredAt", commit.AuthoredAt);
        writer.WriteString("committer", commit.CommitterName);
        writer.WriteString("committerEmail", commit.CommitterEmail);
        writer.WriteString("committedAt", commit.CommittedAt);
        writer.WriteString("subject", commit.Subject);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
