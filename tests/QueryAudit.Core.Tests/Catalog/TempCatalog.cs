namespace QueryAudit.Core.Tests.Catalog;

/// <summary>
/// A catalog folder in a temporary directory outside any git work tree.
/// </summary>
internal sealed class TempCatalog : IDisposable
{
    public TempCatalog()
    {
        Root = Path.Combine(Path.GetTempPath(), "queryaudit-catalog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempCatalog Write(string path, string content)
    {
        string full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TempCatalog WriteBytes(string path, byte[] content)
    {
        string full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
