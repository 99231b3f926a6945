using System.Text.Json;
using NUnit.Framework;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Json;
using QueryAudit.Reports.Tests.Csv;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Json;

[TestFixture]
public sealed class ReportJsonRendererTests
{
    private static readonly string[] TopLevelProperties =
        ["schema_version", "header", "summary", "completeness", "findings", "approved_executions", "audit_sample", "script_runs", "method"];

    /// <summary>The summary properties that each reconciled statement is counted in exactly one of.</summary>
    internal static readonly string[] PopulationRows =
        ["approved_executions", "application_statements", "system_statements", "informational_reads", "exempt_statements", "statement_exceptions"];

    private static readonly string[] SeverityNames = ["critical", "high", "medium", "low", "info"];

    [Test]
    public async Task Render_Fixture_WritesSectionsInFixedOrder()
    {
        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build()));

        Assert.That(document.RootElement.EnumerateObject().Select(property => property.Name), Is.EqualTo(TopLevelProperties));
    }

    [Test]
    public async Task Render_Finding_UsesSnakeCaseAndUtcInstants()
    {
        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build()));
        JsonElement finding = document.RootElement.GetProperty("findings").EnumerateArray().Single(item => item.GetProperty("id").GetString() == "F-77e2b8d04f16");

        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("high"));
        Assert.That(finding.GetProperty("kind").GetString(), Is.EqualTo("values_differ"));
        Assert.That(finding.GetProperty("statement_kind").GetString(), Is.EqualTo("dml"));
        Assert.That(finding.GetProperty("occurred_at_utc").GetString(), Is.EqualTo("2026-12-10T02:12:44Z"));
        Assert.That(finding.GetProperty("status").GetString(), Is.EqualTo("explained"));
        Assert.That(finding.GetProperty("note").GetString(), Does.StartWith("顧客7と8"));
    }

    [TestCase(false, null)]
    [TestCase(true, "UPDATE customers SET name = '髙橋 𠮟太郎（株式会社﨑山）' WHERE customer_id = 8")]
    public async Task Render_Statement_OnlyWithLiterals(bool includeLiterals, string? expected)
    {
        string json = await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build(includeLiterals: includeLiterals));
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement finding = document.RootElement.GetProperty("findings").EnumerateArray().Single(item => item.GetProperty("id").GetString() == "F-77e2b8d04f16");

        Assert.That(finding.GetProperty("statement").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Render_Summary_PopulationRowsAddUp()
    {
        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build()));
        JsonElement summary = document.RootElement.GetProperty("summary");
        long rows = PopulationRows.Sum(row => summary.GetProperty(row).GetInt64());

        Assert.That(summary.GetProperty("exempt_statements").GetInt64(), Is.EqualTo(1_150));
        Assert.That(summary.GetProperty("statement_exceptions").GetInt64(), Is.EqualTo(17));
        Assert.That(rows, Is.EqualTo(summary.GetProperty("statements_reconciled").GetInt64()));
    }

    [Test]
    public async Task Render_Summary_ListsSeveritiesHighestFirst()
    {
        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build()));
        JsonElement severities = document.RootElement.GetProperty("summary").GetProperty("exceptions_by_severity");

        Assert.That(severities.EnumerateArray().Select(item => item.GetProperty("name").GetString()), Is.EqualTo(SeverityNames));
    }

    [Test]
    public async Task Render_FileCutShort_ListsIt()
    {
        ReportModel model = ReportModelFixture.Build();
        model = model with
        {
            Completeness = model.Completeness with
            {
                UnreadRestBySource = new Dictionary<string, long>(StringComparer.Ordinal) { ["logs/server_audit.log.003.gz"] = 3667 },
            },
        };

        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), model));
        JsonElement unread = document.RootElement.GetProperty("completeness").GetProperty("not_read_to_end").EnumerateArray().Single();

        Assert.That(unread.GetProperty("source").GetString(), Is.EqualTo("logs/server_audit.log.003.gz"));
        Assert.That(unread.GetProperty("first_line_not_read").GetInt64(), Is.EqualTo(3667));
    }

    [Test]
    public async Task Render_FilesReadWhole_ListsNone()
    {
        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build()));

        Assert.That(document.RootElement.GetProperty("completeness").GetProperty("not_read_to_end").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Render_Twice_GivesIdenticalText()
    {
        string first = await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build(extraFindings: 40));
        string second = await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), ReportModelFixture.Build(extraFindings: 40));

        Assert.That(second, Is.EqualTo(first));
    }
}
