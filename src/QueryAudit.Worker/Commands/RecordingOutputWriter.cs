using System.Text;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// A writer over another that records the first write that fails instead of throwing. System.CommandLine writes the help
/// and the version through it, and its own handler printed such a failure (standard output closed or on a full disk) as
/// an unhandled exception with a stack trace. The caller reports <see cref="Failure"/> in one line instead.
/// </summary>
internal sealed class RecordingOutputWriter(TextWriter inner) : TextWriter
{
    /// <summary>The first failed write, or null.</summary>
    public Exception? Failure { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Try(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));

    public override void Write(string? value) => Try(() => inner.Write(value));

    public override void WriteLine() => Try(inner.WriteLine);

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));

    public override void Flush() => Try(inner.Flush);

    private void Try(Action write)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failure = e;
        }
    }
}
