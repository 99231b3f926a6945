using System.Buffers;
using System.Text;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Decodes the statement text between the quotes of a QUERY record's <c>object</c> field.
/// </summary>
/// <remarks>
/// MariaDB server_audit (and so Aurora and RDS for MySQL) writes <c>'</c> as <c>\'</c>, <c>\</c> as <c>\\</c>
/// and, in newer versions, BS, TAB, LF, FF and CR as <c>\b \t \n \f \r</c>; every other byte is written raw, NUL
/// included (seen in a real MariaDB 10.11 capture). Older writers turn LF, CR and TAB into spaces instead,
/// which needs no decoding.
/// </remarks>
internal static class QueryTextDecoder
{
    // Texts up to this size unescape into a stack buffer; longer ones rent from the shared pool.
    private const int StackBufferBytes = 1024;

    /// <summary>
    /// Decodes escapes and then UTF-8, replacing invalid sequences with U+FFFD.
    /// </summary>
    /// <param name="escaped">The bytes between the quotes.</param>
    /// <param name="endsInsideEscape">
    /// True when the text ends with a lone backslash, the first half of an escape sequence that the server's
    /// length limit cut off. The lone backslash is dropped because its meaning is lost.
    /// </param>
    /// <param name="endsInsideCharacter">True when the decoded bytes end with an incomplete UTF-8 sequence.</param>
    public static string Decode(ReadOnlySpan<byte> escaped, out bool endsInsideEscape, out bool endsInsideCharacter)
    {
        int firstBackslash = escaped.IndexOf((byte)'\\');
        if (firstBackslash < 0)
        {
            endsInsideEscape = false;
            endsInsideCharacter = EndsInsideCharacter(escaped);
            return Encoding.UTF8.GetString(escaped);
        }

        byte[]? rented = null;
        Span<byte> buffer = escaped.Length <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(escaped.Length));
        try
        {
            int length = Unescape(escaped, firstBackslash, buffer, out endsInsideEscape);
            Span<byte> decoded = buffer[..length];
            endsInsideCharacter = EndsInsideCharacter(decoded);
            return Encoding.UTF8.GetString(decoded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// True when the span ends with a UTF-8 lead byte whose continuation bytes are missing, as when a
    /// byte-counted limit cuts a multi-byte character.
    /// </summary>
    public static bool EndsInsideCharacter(ReadOnlySpan<byte> bytes)
    {
        // Walk back over at most 3 continuation bytes (10xxxxxx) to the lead byte.
        int continuation = 0;
        int index = bytes.Length - 1;
        while (index >= 0 && continuation < 3 && (bytes[index] & 0xC0) == 0x80)
        {
            continuation++;
            index--;
        }

        if (index < 0)
        {
            return false;
        }

        byte lead = bytes[index];
        int needed = lead switch
        {
            >= 0xF0 and <= 0xF4 => 3,
            >= 0xE0 and <= 0xEF => 2,
            >= 0xC2 and <= 0xDF => 1,
            _ => 0,
        };
        return needed > continuation;
    }

    private static int Unescape(ReadOnlySpan<byte> escaped, int firstBackslash, Span<byte> output, out bool endsInsideEscape)
    {
        escaped[..firstBackslash].CopyTo(output);
        int written = firstBackslash;
        int index = firstBackslash;
        endsInsideEscape = false;
        while (index < escaped.Length)
        {
            byte current = escaped[index];
            if (current != '\\')
            {
                // Copy the run up to the next backslash in one step.
                ReadOnlySpan<byte> rest = escaped[index..];
                int run = rest.IndexOf((byte)'\\');
                if (run < 0)
                {
                    run = rest.Length;
                }

                rest[..run].CopyTo(output[written..]);
                written += run;
                index += run;
                continue;
            }

            if (index + 1 == escaped.Length)
            {
                endsInsideEscape = true;
                break;
            }

            byte next = escaped[index + 1];
            switch (next)
            {
                case (byte)'n':
                    output[written++] = (byte)'\n';
                    break;
                case (byte)'r':
                    output[written++] = (byte)'\r';
                    break;
                case (byte)'t':
                    output[written++] = (byte)'\t';
                    break;
                case (byte)'b':
                    output[written++] = 0x08;
                    break;
                case (byte)'f':
                    output[written++] = 0x0C;
                    break;
                case (byte)'\\':
                case (byte)'\'':
                    output[written++] = next;
                    break;
                default:
                    // Not an escape any known writer produces: keep both bytes as written.
                    output[written++] = current;
                    output[written++] = next;
                    break;
            }

            index += 2;
        }

        return written;
    }
}
