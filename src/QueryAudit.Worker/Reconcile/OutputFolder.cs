using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// Creation of the <c>--out</c> report folder, with an error that names the option and the path.
/// </summary>
internal static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="path"/> and its parents when missing; throws <see cref="AuditInputException"/> naming
    /// <c>--out</c> when it cannot be created.
    /// </summary>
    public static void Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditInputException(
                $"cannot create the --out folder '{path}': {e.Message.TrimEnd('.')}. Give a folder you can write to (it is created if missing).", e);
        }
    }
}
