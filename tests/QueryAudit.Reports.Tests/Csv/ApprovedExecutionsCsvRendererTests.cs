using NUnit.Framework;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Csv;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Csv;

[TestFixture]
public sealed class ApprovedExecutionsCsvRendererTests
{
    [Test]
    public async Task Render_Fixture_WritesHeaderAndRecords()
    {
        ReportModel model = ReportModelFixture.Build();
        List<List<string>> records = Rfc4180.Parse(await FindingsCsvRendererTests.RenderAsync(new ApprovedExecutionsCsvRenderer(), model));

        Assert.That(string.Join(',', records[0]), Is.EqualTo("executed_at_utc,instance,account,client_host,connection_id,query_id,database,script,script_statement,ticket,approvers,window,run,match,exact_hash,source"));
        Assert.That(records, Has.Count.EqualTo(model.ApprovedExecutions.Count + 1));
    }

    [Test]
    public async Task Render_OperationWithTwoApprovers_WritesEveryField()
    {
        List<List<string>> records = Rfc4180.Parse(await FindingsCsvRendererTests.RenderAsync(new ApprovedExecutionsCsvRenderer(), ReportModelFixture.Build()));
        List<string> record = records.Single(fields => fields[7] == "operations/OPS-2026-1204__rename_customer_7_jp.sql");

        Assert.That(record[0], Is.EqualTo("2026-12-10T01:30:00.000000Z"));
        Assert.That(record[2], Is.EqualTo("dba_bob"));
        Assert.That(record[8], Is.EqualTo("1"));
        Assert.That(record[9], Is.EqualTo("OPS-2026-1204"));
        Assert.That(record[10], Is.EqualTo("h.tanaka;k.suzuki"));
        Assert.That(record[11], Is.EqualTo("2026-12-10T10:00+09:00/2026-12-10T12:00+09:00"));
        Assert.That(record[13], Is.EqualTo("exact"));
        Assert.That(record[14], Has.Length.EqualTo(64));
    }
}
