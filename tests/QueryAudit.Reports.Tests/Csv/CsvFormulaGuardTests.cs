using System.Text.Json;
using NUnit.Framework;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Csv;
using QueryAudit.Reports.Json;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Csv;

[TestFixture]
public sealed class CsvFormulaGuardTests
{
    [TestCase("=HYPERLINK(\"http://127.0.0.1/x\",\"open\")", "'=HYPERLINK(\"http://127.0.0.1/x\",\"open\")")]
    [TestCase("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [TestCase("-- comment\nDROP TABLE t", "'-- comment\nDROP TABLE t")]
    [TestCase("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0")]
    [TestCase("\t=1+1", "'\t=1+1")]
    [TestCase("\r=1+1", "'\r=1+1")]
    [TestCase("'quoted'", "''quoted'")]
    [TestCase("dba_bob", "dba_bob")]
    [TestCase("SELECT 1 = 1", "SELECT 1 = 1")]
    [TestCase(" =1", " =1")]
    [TestCase("＝1+1", "＝1+1")]
    [TestCase("", "")]
    public void Neutralize_Value_PrefixesFormulaStarts(string value, string expected)
    {
        Assert.That(CsvFormulaGuard.Neutralize(value), Is.EqualTo(expected));
    }

    [TestCase("=1+1")]
    [TestCase("'=1+1")]
    [TestCase("''")]
    [TestCase("'")]
    [TestCase("-5")]
    [TestCase("plain")]
    [TestCase("")]
    public void Restore_NeutralizedValue_GivesOriginal(string value)
    {
        Assert.That(CsvFormulaGuard.Restore(CsvFormulaGuard.Neutralize(value)), Is.EqualTo(value));
    }

    [Test]
    public async Task FindingsCsv_FormulaInTextFields_IsNeutralized()
    {
        ReportModel model = WithFormulaFinding(ReportModelFixture.Build());

        List<List<string>> records = Rfc4180.Parse(await FindingsCsvRendererTests.RenderAsync(new FindingsCsvRenderer(), model));
        List<string> record = records[1];

        Assert.That(record[5], Is.EqualTo("'=HYPERLINK(\"http://127.0.0.1/\",\"x\")"), "account");
        Assert.That(record[6], Is.EqualTo("'@evil"), "client_host");
        Assert.That(record[13], Is.EqualTo("'+1 failed attempt"), "reason");
        Assert.That(record[15], Is.EqualTo("'-- ?\nDELETE FROM t"), "masked_statement");
    }

    [Test]
    public async Task FindingsCsv_Numbers_AreNotPrefixed()
    {
        ReportModel model = WithFormulaFinding(ReportModelFixture.Build());

        List<List<string>> records = Rfc4180.Parse(await FindingsCsvRendererTests.RenderAsync(new FindingsCsvRenderer(), model));

        Assert.That(records[1][7], Does.Match("^[0-9]+$"), "connection_id");
        Assert.That(records[1][17], Does.Match("^[0-9]+$"), "event_count");
    }

    [Test]
    public async Task ApprovedExecutionsCsv_FormulaAccount_IsNeutralized()
    {
        ReportModel model = ReportModelFixture.Build();
        model = model with { ApprovedExecutions = [model.ApprovedExecutions[0] with { Account = "=1+1", Ticket = "-OPS" }] };

        List<List<string>> records = Rfc4180.Parse(await FindingsCsvRendererTests.RenderAsync(new ApprovedExecutionsCsvRenderer(), model));

        Assert.That(records[1][2], Is.EqualTo("'=1+1"), "account");
        Assert.That(records[1][9], Is.EqualTo("'-OPS"), "ticket");
    }

    [Test]
    public async Task ReportJson_FormulaAccount_StaysRaw()
    {
        ReportModel model = WithFormulaFinding(ReportModelFixture.Build());

        using JsonDocument document = JsonDocument.Parse(await FindingsCsvRendererTests.RenderAsync(new ReportJsonRenderer(), model));
        JsonElement finding = document.RootElement.GetProperty("findings")[0];

        Assert.That(finding.GetProperty("account").GetString(), Is.EqualTo("=HYPERLINK(\"http://127.0.0.1/\",\"x\")"));
    }

    private static ReportModel WithFormulaFinding(ReportModel model)
    {
        ReportFinding first = model.Findings[0];
        ReportFinding formula = first with
        {
            Finding = first.Finding with
            {
                Account = "=HYPERLINK(\"http://127.0.0.1/\",\"x\")",
                ClientHost = "@evil",
                Reason = "+1 failed attempt",
                MaskedStatement = "-- ?\nDELETE FROM t",
            },
        };
        return model with { Findings = [formula] };
    }
}
