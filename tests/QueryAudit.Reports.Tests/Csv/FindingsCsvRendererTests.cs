using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Csv;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Csv;

[TestFixture]
public sealed class FindingsCsvRendererTests
{
    private static readonly string[] EscalatedRecord =
    [
        "F-a1f09c3e7d21", "high", "unapproved_write", "2026-12-05T04:53:15.000000Z", "billing-prod-instance-1", "dba_bob",
        "10.0.3.17", "26", "99000", "billing", "dml", "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
        "logs/mariadb/server_audit.log.002.gz:77", "data change that matches no approved script", "",
        "UPDATE customers SET credit_limit = ? WHERE customer_id = ?", "escalated", "1",
    ];

    private const string Header = "id,severity,kind,occurred_at_utc,instance,account,client_host,connection_id,query_id,database,statement_kind,template,source,reason,script,masked_statement,status,event_count";

    [Test]
    public async Task Render_Fixture_WritesHeaderInContractOrder()
    {
        string csv = await RenderAsync(new FindingsCsvRenderer(), ReportModelFixture.Build());

        Assert.That(csv, Does.StartWith(Header + "\r\n"));
    }

    [Test]
    public async Task Render_Fixture_WritesOneRecordPerFinding()
    {
        ReportModel model = ReportModelFixture.Build(extraFindings: 25);
        List<List<string>> records = Rfc4180.Parse(await RenderAsync(new FindingsCsvRenderer(), model));

        Assert.That(records, Has.Count.EqualTo(model.Findings.Count + 1));
        Assert.That(records.All(record => record.Count == 18), Is.True, "every record has 18 fields");
    }

    [Test]
    public async Task Render_EscalatedFinding_WritesEveryField()
    {
        List<List<string>> records = Rfc4180.Parse(await RenderAsync(new FindingsCsvRenderer(), ReportModelFixture.Build()));
        List<string> record = records.Single(fields => fields[0] == "F-a1f09c3e7d21");

        Assert.That(record, Is.EqualTo(EscalatedRecord));
    }

    [TestCase("F-77e2b8d04f16", 13, "same template as approved operations/OPS-2026-1204__rename_customer_7_jp.sql statement 1, but the value after 'customer_id =' differs")]
    [TestCase("F-9a0c7b3e5d62", 13, "data change that matches no approved script (failed attempt: error 1142, nothing was changed)")]
    [TestCase("F-77e2b8d04f16", 14, "operations/OPS-2026-1204__rename_customer_7_jp.sql")]
    [TestCase("F-6c1e0a93b2d4", 10, "audit_config")]
    [TestCase("F-0b7d55e1c9aa", 10, "")]
    [TestCase("F-0b7d55e1c9aa", 17, "0")]
    [TestCase("F-5f8e21aa90c4", 17, "12")]
    [TestCase("F-5f8e21aa90c4", 16, "dismissed")]
    [TestCase("F-5f8e21aa90c4", 1, "high")]
    [TestCase("F-6c1e0a93b2d4", 1, "critical")]
    public async Task Render_Fixture_WritesField(string id, int field, string expected)
    {
        List<List<string>> records = Rfc4180.Parse(await RenderAsync(new FindingsCsvRenderer(), ReportModelFixture.Build()));
        List<string> record = records.Single(fields => fields[0] == id);

        Assert.That(record[field], Is.EqualTo(expected));
    }

    [Test]
    public async Task Render_FieldWithCommaQuoteAndNewline_IsQuoted()
    {
        ReportModel model = ReportModelFixture.Build();
        ReportFinding first = model.Findings[0];
        ReportFinding tricky = first with { Finding = first.Finding with { Reason = "said \"no\", then\nleft" } };
        model = model with { Findings = [tricky] };

        string csv = await RenderAsync(new FindingsCsvRenderer(), model);

        Assert.That(csv, Does.Contain(",\"said \"\"no\"\", then\nleft\","));
        Assert.That(Rfc4180.Parse(csv)[1][13], Is.EqualTo("said \"no\", then\nleft"));
    }

    [Test]
    public async Task Render_Twice_GivesIdenticalText()
    {
        string first = await RenderAsync(new FindingsCsvRenderer(), ReportModelFixture.Build(extraFindings: 50));
        string second = await RenderAsync(new FindingsCsvRenderer(), ReportModelFixture.Build(extraFindings: 50));

        Assert.That(second, Is.EqualTo(first));
    }

    internal static async Task<string> RenderAsync(IReportRenderer renderer, ReportModel model)
    {
        using MemoryStream stream = new();
        await renderer.RenderAsync(model, stream, CancellationToken.None);
        byte[] bytes = stream.ToArray();

        // CSV files start with a UTF-8 byte order mark so that Japanese Excel reads them as UTF-8; report.json has none.
        bool csv = renderer.FileName.EndsWith(".csv", StringComparison.Ordinal);
        bool marked = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        Assert.That(marked, Is.EqualTo(csv), csv ? "CSV without a byte order mark" : "byte order mark in a file that is not CSV");
        Assert.That(bytes.AsSpan(marked ? 3 : 0).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), Is.False, "a second byte order mark");
        return Encoding.UTF8.GetString(bytes, marked ? 3 : 0, bytes.Length - (marked ? 3 : 0));
    }
}
