using QueryAudit.Worker.Triage;

namespace QueryAudit.Worker.Tests.Triage;

public class TerminalSafeWriterTests
{
    [TestCase("SELECT 1", "SELECT 1")]
    [TestCase("a\tb\nc", "a\tb\nc")]
    [TestCase("DELETE FROM t /* \u001b[2K\u001b[1G */", "DELETE FROM t /* \\x1b[2K\\x1b[1G */")]
    [TestCase("x\ry", "x\\x0dy")]
    [TestCase("ab\bc", "ab\\x08c")]
    [TestCase("nul\0", "nul\\x00")]
    [TestCase("del\u007f", "del\\x7f")]
    [TestCase("csi\u009b2J", "csi\\x9b2J")]
    [TestCase("user\u202etxt.exe", "user\\u202etxt.exe")]
    [TestCase("isolate\u2066x\u2069", "isolate\\u2066x\\u2069")]
    [TestCase("line\u2028sep\u0085", "line\\u2028sep\\x85")]
    [TestCase("髙橋 𠮟太郎", "髙橋 𠮟太郎")]
    public void Escape_Text_ShowsControlsAsEscapes(string text, string expected)
    {
        Assert.That(TerminalSafeWriter.Escape(text), Is.EqualTo(expected));
    }

    [Test]
    public void WriteLine_Control_EscapedBeforeBreak()
    {
        using StringWriter inner = new() { NewLine = "\r\n" };
        using TerminalSafeWriter writer = new(inner);

        writer.WriteLine("a\u001bb");
        writer.Write('\u001b');
        writer.Write("\r".ToCharArray(), 0, 1);

        Assert.That(inner.ToString(), Is.EqualTo("a\\x1bb\r\n\\x1b\\x0d"));
    }
}
