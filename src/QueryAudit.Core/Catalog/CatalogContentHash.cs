using System.Security.Cryptography;
using System.Text;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Computes the catalog content hash described on <see cref="ApprovedCatalog.ContentHash"/>.
/// </summary>
internal static class CatalogContentHash
{
    /// <summary>Returns the lower-case hex SHA-256 of the <c>sha256sum</c>-style manifest of the scripts.</summary>
    public static string Compute(IEnumerable<CatalogScript> scripts)
    {
        StringBuilder manifest = new();
        foreach (CatalogScript script in scripts.OrderBy(script => script.RelativePath, Utf8ByteOrder.Instance))
        {
            manifest.Append(script.FileSha256).Append("  ").Append(script.RelativePath).Append('\n');
        }

        return Sha256Hex(Encoding.UTF8.GetBytes(manifest.ToString()));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Orders strings by their UTF-8 bytes, as <c>LC_ALL=C sort</c> does, which differs from UTF-16 ordinal order above U+D7FF.</summary>
    private sealed class Utf8ByteOrder : IComparer<string>
    {
        public static Utf8ByteOrder Instance { get; } = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }
}
