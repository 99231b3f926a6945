using System.Runtime.CompilerServices;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// The lines of one batch, copied out of the file reader so that the pipeline can read them after the reader moved on.
/// </summary>
internal sealed class BufferedLineSource(string name, IReadOnlyList<RawAuditLine> lines) : IAuditLineSource
{
    public string Name => name;

    public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (RawAuditLine line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return line;
        }
    }
}
