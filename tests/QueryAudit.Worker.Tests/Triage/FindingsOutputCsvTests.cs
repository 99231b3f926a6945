using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Worker.Tests.Reconcile;
using QueryAudit.Worker.Triage;

namespace QueryAudit.Worker.Tests.Triage;

[TestFixture]
public sealed class FindingsOutputCsvTests
{
    [Test]
    public void WriteCsv_FormulaCells_AreNeutralized()
    {
        Finding finding = new()
        {
            Id = "F-00000000000000f1",
            Severity = Severity.High,
            Kind = "unapproved_write",
            OccurredAt = new DateTimeOffset(2026, 12, 4, 19, 53, 15, TimeSpan.Zero),
            Instance = "vm",
            Account = "=HYPERLINK(\"http://127.0.0.1/\")",
            ClientHost = "@host",
            ConnectionId = 26,
            Reason = "+1 change",
            MaskedStatement = "-- ?\nDELETE FROM t",
            Source = "server_audit.log:77",
        };
        Disposition disposition = new() { FindingId = finding.Id, Status = "explained", Ticket = "-OPS-1", Note = "\t=1+1", Reviewers = ["h.tanaka"], UpdatedAt = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero) };
        string file = Path.Combine(Path.GetTempPath(), "queryaudit-findings-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            using (StreamWriter writer = new(file))
            {
                FindingsOutput.WriteCsv(writer, [new StoredFinding(finding, null, disposition)]);
            }

            IReadOnlyDictionary<string, string> row = CsvTable.Read(file).Rows.Single();
            Assert.That(row["account"], Is.EqualTo("'=HYPERLINK(\"http://127.0.0.1/\")"));
            Assert.That(row["client_host"], Is.EqualTo("'@host"));
            Assert.That(row["reason"], Is.EqualTo("'+1 change"));
            Assert.That(row["statement_masked"], Is.EqualTo("'-- ?\nDELETE FROM t"));
            Assert.That(row["ticket"], Is.EqualTo("'-OPS-1"));
            Assert.That(row["note"], Is.EqualTo("'\t=1+1"));
            Assert.That(row["connection_id"], Is.EqualTo("26"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
