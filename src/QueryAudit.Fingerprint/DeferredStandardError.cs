using System.Text;

namespace QueryAudit.Fingerprint;

/// <summary>
/// <see cref="Console.Error"/>, opened on the first write. Opening it duplicates descriptor 2 and builds an encoder and a
/// writer, which a run that reports nothing never uses.
/// </summary>
internal sealed class DeferredStandardError : TextWriter
{
    public override Encoding Encoding => Console.Error.Encoding;

    public override void Write(char value) => Console.Error.Write(value);

    public override void Write(string? value) => Console.Error.Write(value);

    public override void WriteLine(string? value) => Console.Error.WriteLine(value);

    public override void Flush() => Console.Error.Flush();
}
