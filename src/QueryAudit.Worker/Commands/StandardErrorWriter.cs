using System.Text;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// Standard error as <see cref="Console.Error"/>, opened on the first write, that drops a message it cannot write. With
/// descriptor 2 closed (<c>2&gt;&amp;-</c>), the console's writer duplicates whatever descriptor took that number, and
/// its failed write was unhandled: the process aborted with exit code 134 instead of exiting with its own code. Opening
/// <see cref="Console.Error"/> duplicates descriptor 2 and builds an encoder and a writer, which a fingerprint run that
/// reports nothing does not need.
/// </summary>
internal sealed class StandardErrorWriter : TextWriter
{
    public override Encoding Encoding => Console.Error.Encoding;

    public override void Write(char value) => Try(() => Console.Error.Write(value));

    public override void Write(string? value) => Try(() => Console.Error.Write(value));

    public override void WriteLine(string? value) => Try(() => Console.Error.WriteLine(value));

    public override void Flush() => Try(Console.Error.Flush);

    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nowhere is left to report it, and the exit code still reports the run's outcome.
        }
    }
}
