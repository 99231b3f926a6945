using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>Builds raw lines and parsed records for tests.</summary>
internal static class AuditTestLines
{
    public const string TestSource = "test.log";

    public static RawAuditLine Raw(string line, long lineNumber = 1, string? instance = null, AuditLogFormat format = AuditLogFormat.Auto) =>
        Raw(Encoding.UTF8.GetBytes(line), lineNumber, instance, format);

    public static RawAuditLine Raw(byte[] line, long lineNumber = 1, string? instance = null, AuditLogFormat format = AuditLogFormat.Auto) =>
        new(line, new SourcePosition(TestSource, lineNumber), instance, format);

    /// <summary>Parses lines that must all be records, numbering them from 1.</summary>
    public static List<AuditEvent> ParseAll(params string[] lines)
    {
        var parser = new AuditLineParser();
        var events = new List<AuditEvent>();
        for (int i = 0; i < lines.Length; i++)
        {
            AuditParseResult result = parser.Parse(Raw(lines[i], i + 1));
            Assert.That(result.Quarantined, Is.Null, () => $"line {i + 1} was quarantined: {result.Quarantined?.Reason}");
            events.Add(result.Event!);
        }

        return events;
    }
}
