using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Lower-case hex SHA-256 of the UTF-8 encoding of a text.
/// </summary>
internal static class Sha256Hex
{
    public static string Compute(ReadOnlySpan<char> text)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = maxBytes > 1024 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            // Lone surrogates become U+FFFD here, as in every UTF-8 writer; the hash is of what would be stored.
            int length = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
