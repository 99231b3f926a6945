namespace QueryAudit.Sql.Tests.Normalizing;

public sealed class TicketTests
{
    [TestCase("/* ticket: BLG-123 */ UPDATE t SET a = 1", "BLG-123")]
    [TestCase("-- OPS-2026-1201: reset (ticket FIN-8812)\nUPDATE t SET a = 1", "OPS-2026,FIN-8812")]
    [TestCase("UPDATE t SET a = 1 # DBCHG-4101 and DBCHG-4101 again", "DBCHG-4101")]
    [TestCase("/* A-1 */ SELECT 1 /* B2-22 */", "B2-22")]
    [TestCase("UPDATE t SET note = 'FIN-1 is in a string'", "")]
    [TestCase("/*!40101 SET x = 'ABC-1' */", "")]
    public void Tickets_ComeFromComments(string sql, string expected) =>
        Assert.That(string.Join(",", SqlNormalizer.Normalize(sql).Tickets), Is.EqualTo(expected));

    [Test]
    public void TicketPattern_IsConfigurable()
    {
        SqlNormalizerOptions options = new() { TicketPattern = @"#\d+" };

        Assert.That(SqlNormalizer.Normalize("/* fixes #42 */ SELECT 1", options).Tickets, Is.EqualTo(new[] { "#42" }));
    }
}
