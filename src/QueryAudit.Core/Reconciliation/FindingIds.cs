using System.Security.Cryptography;
using System.Text;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Makes stable finding ids from the source position and kind, so that re-running the same inputs gives the same ids.
/// </summary>
public static class FindingIds
{
    /// <summary>Returns <c>F-</c> and 16 hex digits of SHA-256 over kind and source.</summary>
    public static string Create(string kind, string source)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + source));
        return "F-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
