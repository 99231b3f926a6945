using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// Each statement of the approved catalog scripts, split as the mysql client splits them, must normalise to the exact
/// form of the text that the client sent and the audit plugin logged. A statement cut by the 1024-byte log limit must be
/// flagged, and its exact form must be a prefix of the approved statement's.
/// </summary>
public sealed class CatalogMatchesLogTests
{
    private static readonly SqlNormalizerOptions LogOptions = new() { LogByteLimit = 1024 };
    private static readonly Lazy<IReadOnlyList<NormalizedStatement>> LoggedByDbas = new(() =>
        MariaDbAuditLog.ReadQueries()
            .Where(row => row.User is "dba_alice" or "dba_bob")
            .Select(row => SqlNormalizer.Normalize(row.Text, LogOptions))
            .ToList());

    public static IEnumerable<TestCaseData> CatalogStatements()
    {
        string catalog = Path.Combine(RepositoryPaths.SqlFixtures, "catalog");
        foreach (string path in Directory.GetFiles(catalog, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (SqlStatementText statement in SqlSplitter.SplitScript(File.ReadAllText(path)))
            {
                yield return new TestCaseData(Path.GetFileName(path), statement.StartLine, statement.Text)
                    .SetName($"{Path.GetFileNameWithoutExtension(path)} line {statement.StartLine}");
            }
        }
    }

    [TestCaseSource(nameof(CatalogStatements))]
    public void CatalogStatement_MatchesLoggedText(string file, int line, string text)
    {
        NormalizedStatement approved = SqlNormalizer.Normalize(text);

        bool exact = LoggedByDbas.Value.Any(logged => !logged.TruncationSuspected && logged.ExactHash == approved.ExactHash);
        bool prefix = LoggedByDbas.Value.Any(logged => logged.TruncationSuspected
            && logged.ExactForm.Length > 200
            && approved.ExactForm.StartsWith(logged.ExactForm, StringComparison.Ordinal));

        Assert.That(exact || prefix, Is.True, $"{file} line {line}: no logged statement matches exact form {approved.ExactForm}");
    }

    [Test]
    public void CatalogScripts_SplitIntoExpectedCount()
    {
        string catalog = Path.Combine(RepositoryPaths.SqlFixtures, "catalog");
        int count = Directory.GetFiles(catalog, "*.sql", SearchOption.AllDirectories)
            .Sum(path => SqlSplitter.SplitScript(File.ReadAllText(path)).Count);

        // V001: 4, V002: 6, V003: 2, V004: 3, OPS-1201: 1, 1202: 4, 1203: 2, 1204: 2, 1205: 2, 1206: 2.
        Assert.That(count, Is.EqualTo(28));
    }

    [Test]
    public void TruncatedProcedure_IsPrefixOfApproved()
    {
        string script = File.ReadAllText(Path.Combine(RepositoryPaths.SqlFixtures, "catalog", "migrations", "V003__proc_close_overdue_invoices.sql"));
        NormalizedStatement approved = SqlNormalizer.Normalize(SqlSplitter.SplitScript(script)[1].Text);
        NormalizedStatement logged = LoggedByDbas.Value.Single(statement => statement.ExactForm.StartsWith("CREATE PROCEDURE", StringComparison.Ordinal));

        Assert.That(logged.TruncationSuspected, Is.True);
        Assert.That(approved.ExactForm, Does.StartWith(logged.ExactForm));
        Assert.That(approved.Routine, Is.EqualTo("close_overdue_invoices"));
    }
}
