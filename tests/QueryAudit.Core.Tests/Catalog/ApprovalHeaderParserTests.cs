using NUnit.Framework;
using QueryAudit.Core.Catalog;

namespace QueryAudit.Core.Tests.Catalog;

public class ApprovalHeaderParserTests
{
    private const string File = "operations/OPS-1__fix.sql";

    private const string FullHeader = """
        /* queryaudit
        ticket: OPS-2026-1201
        approved-by: [k.suzuki, h.tanaka]   # one or more people
        executor: dba_bob
        window: 2026-12-04T09:00+09:00/2026-12-04T18:00+09:00
        target: billing-prod/billing
        max-runs: 2
        purpose: Reset negative balances confirmed by finance
        */
        UPDATE customers SET balance = 0 WHERE customer_id = 19;
        """;

    [Test]
    public void Parse_FullHeader_ReadsEveryKey()
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse(FullHeader, File, problems);

        Assert.That(problems, Is.Empty);
        Assert.That(result.Found, Is.True);
        ApprovalHeader header = result.Header!;
        Assert.That(header.StartLine, Is.EqualTo(1));
        Assert.That(header.EndLine, Is.EqualTo(9));
        Assert.That(header.Ticket, Is.EqualTo("OPS-2026-1201"));
        Assert.That(header.ApprovedBy, Is.EqualTo((string[])["k.suzuki", "h.tanaka"]));
        Assert.That(header.Executors, Is.EqualTo((string[])["dba_bob"]));
        Assert.That(header.WindowStart, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(9))));
        Assert.That(header.WindowEnd, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.FromHours(9))));
        Assert.That(header.WindowStart!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(9)));
        Assert.That(header.Targets, Is.EqualTo(new[] { new CatalogTarget("billing-prod", "billing") }));
        Assert.That(header.MaxRuns, Is.EqualTo(2));
        Assert.That(header.Purpose, Is.EqualTo("Reset negative balances confirmed by finance"));
        Assert.That(header.LineOf(ApprovalHeaderKeys.Window), Is.EqualTo(5));
        Assert.That(header.LineOf(ApprovalHeaderKeys.Purpose), Is.EqualTo(8));
    }

    [TestCase("-- no header\nUPDATE t SET a = 1;")]
    [TestCase("/* an ordinary comment */\nUPDATE t SET a = 1;")]
    [TestCase("/*!40101 SET NAMES utf8mb4 */;\nUPDATE t SET a = 1;")]
    [TestCase("/* queryauditing is off here */\nUPDATE t SET a = 1;")]
    [TestCase("")]
    public void Parse_NoHeader_FindsNothing(string script)
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse(script, File, problems);

        Assert.That(result.Found, Is.False);
        Assert.That(result.Header, Is.Null);
        Assert.That(problems, Is.Empty);
    }

    [TestCase("\uFEFF/* queryaudit\nticket: A-1\n*/\nSELECT 1;", 1, 2)]
    [TestCase("\n\n  /* queryaudit\nticket: A-1\n*/\nSELECT 1;", 3, 4)]
    [TestCase("/*queryaudit\nticket: A-1\n*/", 1, 2)]
    [TestCase("/* QueryAudit\nticket: A-1\n*/", 1, 2)]
    [TestCase("/* queryaudit\r\nticket: A-1\r\n*/\r\nSELECT 1;", 1, 2)]
    public void Parse_LeadingWhitespaceAndSpelling_FindsHeader(string script, int startLine, int ticketLine)
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse(script, File, problems);

        Assert.That(problems, Is.Empty);
        Assert.That(result.Header!.StartLine, Is.EqualTo(startLine));
        Assert.That(result.Header.Ticket, Is.EqualTo("A-1"));
        Assert.That(result.Header.LineOf(ApprovalHeaderKeys.Ticket), Is.EqualTo(ticketLine));
    }

    [TestCase("approved-by: k.suzuki", new[] { "k.suzuki" })]
    [TestCase("approved-by: [k.suzuki]", new[] { "k.suzuki" })]
    [TestCase("approved-by: k.suzuki, h.tanaka", new[] { "k.suzuki", "h.tanaka" })]
    [TestCase("approved-by:\n  - k.suzuki\n  - h.tanaka\n  - K.Suzuki", new[] { "k.suzuki", "h.tanaka" })]
    public void Parse_ApprovedBy_ScalarOrList(string line, string[] expected)
    {
        List<CatalogProblem> problems = [];

        ApprovalHeader header = ApprovalHeaderParser.Parse($"/* queryaudit\n{line}\n*/", File, problems).Header!;

        Assert.That(problems, Is.Empty);
        Assert.That(header.ApprovedBy, Is.EqualTo(expected));
    }

    [TestCase("window: 2026-12-04T09:00+09:00/2026-12-04T18:00+09:00", "2026-12-04T00:00:00Z", "2026-12-04T09:00:00Z")]
    [TestCase("window: 2026-12-04T00:00Z/2026-12-04T09:00:30Z", "2026-12-04T00:00:00Z", "2026-12-04T09:00:30Z")]
    [TestCase("window: 2026-12-04T09:00:00.5+09:00/2026-12-04T18:00+09:00", "2026-12-04T00:00:00.5Z", "2026-12-04T09:00:00Z")]
    [TestCase("window: 2026-12-04T09:00+09:00/PT9H", "2026-12-04T00:00:00Z", "2026-12-04T09:00:00Z")]
    [TestCase("window: P1D/2026-12-05T00:00Z", "2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z")]
    [TestCase("window: 2026-12-31T23:00-05:00/2027-01-01T02:00-05:00", "2027-01-01T04:00:00Z", "2027-01-01T07:00:00Z")]
    public void Parse_Window_ReadsInterval(string line, string start, string end)
    {
        List<CatalogProblem> problems = [];

        ApprovalHeader header = ApprovalHeaderParser.Parse($"/* queryaudit\n{line}\n*/", File, problems).Header!;

        Assert.That(problems, Is.Empty);
        Assert.That(header.WindowStart, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(header.WindowEnd, Is.EqualTo(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Each row: header lines after "/* queryaudit", the expected problem code, its file line and a word of the message.
    [TestCase("ticket: A-1\napprover: k.suzuki", CatalogProblemCodes.UnknownKey, 3, "did you mean 'approved-by'")]
    [TestCase("ticket: A-1\nowner: someone", CatalogProblemCodes.UnknownKey, 3, "unknown key 'owner'")]
    [TestCase("ticket: A-1\nmax_runs: 2", CatalogProblemCodes.UnknownKey, 3, "did you mean 'max-runs'")]
    [TestCase("ticket: [A-1, A-2]", CatalogProblemCodes.InvalidValue, 2, "single value")]
    [TestCase("ticket:", CatalogProblemCodes.InvalidValue, 2, "'ticket' is empty")]
    [TestCase("ticket: A-1\n\napproved-by: []", CatalogProblemCodes.InvalidValue, 4, "name at least one")]
    [TestCase("executor: {a: b}", CatalogProblemCodes.InvalidValue, 2, "list of names")]
    [TestCase("window: 2026-12-04T09:00/2026-12-04T18:00", CatalogProblemCodes.InvalidWindow, 2, "no UTC offset")]
    [TestCase("window: tomorrow morning", CatalogProblemCodes.InvalidWindow, 2, "ISO 8601 interval")]
    [TestCase("window: 2026-12-04T09:00+09:00/2026-13-04T18:00+09:00", CatalogProblemCodes.InvalidWindow, 2, "not an ISO 8601 date-time")]
    [TestCase("window: 2026-12-04T09:00+09:00/2026-12-04T09:00+09:00", CatalogProblemCodes.InvalidWindow, 2, "is empty")]
    [TestCase("window: 2026-12-04T10:00+09:00/2026-12-04T01:00+00:00", CatalogProblemCodes.InvalidWindow, 2, "is empty")]
    [TestCase("window: 2026-12-04T18:00+09:00/2026-12-04T09:00+09:00", CatalogProblemCodes.InvalidWindow, 2, "ends before it starts")]
    [TestCase("window: 2026-12-04T09:00+09:00/P1Y", CatalogProblemCodes.InvalidWindow, 2, "not an ISO 8601 duration")]
    [TestCase("window: PT1H/PT2H", CatalogProblemCodes.InvalidWindow, 2, "two durations")]
    [TestCase("target: billing-prod", CatalogProblemCodes.InvalidValue, 2, "exactly one '/'")]
    [TestCase("target:\n  - billing-prod/billing\n  - crm", CatalogProblemCodes.InvalidValue, 4, "exactly one '/'")]
    [TestCase("max-runs: 0", CatalogProblemCodes.InvalidValue, 2, "at least 1")]
    [TestCase("max-runs: two", CatalogProblemCodes.InvalidValue, 2, "whole number")]
    [TestCase("approved-at: 2026-12-04", CatalogProblemCodes.InvalidValue, 2, "no UTC offset")]
    [TestCase("ticket: A-1\napproved-by: [k.suzuki\nexecutor: x", CatalogProblemCodes.MalformedYaml, 3, "not closed")]
    [TestCase("ticket: A-1\nticket: A-2", CatalogProblemCodes.MalformedYaml, 3, "not valid YAML")]
    [TestCase("max-runs: 1\nmax-runs: 2", CatalogProblemCodes.MalformedYaml, 3, "the key 'max-runs' appears more than once; keep one line for it")]
    [TestCase("ticket: A-1\n\tapproved-by: x", CatalogProblemCodes.MalformedYaml, 3, "tab character")]
    [TestCase("ticket: 'A-1\nexecutor: x", CatalogProblemCodes.MalformedYaml, 4, "not valid YAML")]
    [TestCase("target: []", CatalogProblemCodes.InvalidValue, 2, "at least one cluster/database")]
    [TestCase("- ticket: A-1", CatalogProblemCodes.MalformedYaml, 1, "one mapping")]
    public void Parse_InvalidHeader_ReportsProblemAtLine(string body, string code, int line, string messagePart)
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParser.Parse($"/* queryaudit\n{body}\n*/\nSELECT 1;", File, problems);

        Assert.That(problems, Has.Count.EqualTo(1), string.Join("\n", problems));
        Assert.That(problems[0].Code, Is.EqualTo(code));
        Assert.That(problems[0].Line, Is.EqualTo(line));
        Assert.That(problems[0].File, Is.EqualTo(File));
        Assert.That(problems[0].Severity, Is.EqualTo(CatalogProblemSeverity.Error));
        Assert.That(problems[0].Message, Does.Contain(messagePart));
    }

    [Test]
    public void Parse_HeaderAfterComment_ReportsMisplacedHeader()
    {
        const string script = "-- fix for finance\n-- second line\n/* queryaudit\nticket: A-1\n*/\nUPDATE t SET a = 1;";
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse(script, File, problems);

        Assert.That(result.Found, Is.False);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Code, Is.EqualTo(CatalogProblemCodes.MisplacedHeader));
        Assert.That(problems[0].Line, Is.EqualTo(3));
    }

    [Test]
    public void Parse_SecondHeader_ReportsIt()
    {
        const string script = "/* queryaudit\nticket: A-1\n*/\nSELECT 1;\n/* queryaudit\nticket: A-2\n*/\nSELECT 2;";
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse(script, File, problems);

        Assert.That(result.Header!.Ticket, Is.EqualTo("A-1"));
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Code, Is.EqualTo(CatalogProblemCodes.MisplacedHeader));
        Assert.That(problems[0].Line, Is.EqualTo(5));
    }

    [Test]
    public void Parse_UnterminatedHeader_ReportsFirstLine()
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse("\n/* queryaudit\nticket: A-1\nUPDATE t SET a = 1;", File, problems);

        Assert.That(result.Found, Is.True);
        Assert.That(result.Header, Is.Null);
        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.UnterminatedHeader));
        Assert.That(problems.Single().Line, Is.EqualTo(2));
    }

    [Test]
    public void Parse_EmptyHeader_HasNoKeys()
    {
        List<CatalogProblem> problems = [];

        ApprovalHeaderParseResult result = ApprovalHeaderParser.Parse("/* queryaudit */\nSELECT 1;", File, problems);

        Assert.That(problems, Is.Empty);
        Assert.That(result.Header!.KeyLines, Is.Empty);
        Assert.That(result.Header.EndLine, Is.EqualTo(1));
    }

    [Test]
    public void Problem_ToString_IsFileLineMessage()
    {
        CatalogProblem problem = new("operations/a.sql", 7, CatalogProblemSeverity.Error, CatalogProblemCodes.UnknownKey, "unknown key 'x'");

        Assert.That(problem.ToString(), Is.EqualTo("operations/a.sql:7: unknown key 'x'"));
    }
}
