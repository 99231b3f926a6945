using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QueryAudit.Aws.S3;

/// <summary>
/// The parts of a CloudWatch export line (<c>2026-12-03T10:31:11.000Z MESSAGE</c>) that export objects are compared by.
/// </summary>
internal static class ExportLine
{
    private const int MaxPrefixBytes = 40;

    /// <summary>
    /// Reads the ISO 8601 UTC timestamp in front of an export line as epoch milliseconds; digits after the third of the
    /// fraction are cut. False when the line does not start with one (see <see cref="S3ArchiveSource.WithoutExportTimestamp"/>).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> line, out long epochMilliseconds)
    {
        epochMilliseconds = 0;
        int space = line[..Math.Min(line.Length, MaxPrefixBytes)].IndexOf((byte)' ');
        if (space < 20 || line[space - 1] != (byte)'Z')
        {
            return false;
        }

        // yyyy-MM-ddTHH:mm:ss, then an optional fraction, then Z.
        ReadOnlySpan<byte> text = line[..(space - 1)];
        if (text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':'
            || !TryReadDigits(text[..4], out int year) || !TryReadDigits(text[5..7], out int month) || !TryReadDigits(text[8..10], out int day)
            || !TryReadDigits(text[11..13], out int hour) || !TryReadDigits(text[14..16], out int minute) || !TryReadDigits(text[17..19], out int second))
        {
            return false;
        }

        int milliseconds = 0;
        if (text.Length > 19)
        {
            ReadOnlySpan<byte> fraction = text[20..];
            if (text[19] != (byte)'.' || fraction.Length == 0 || !TryReadDigits(fraction[..Math.Min(3, fraction.Length)], out milliseconds)
                || fraction[Math.Min(3, fraction.Length)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return false;
            }

            for (int scale = fraction.Length; scale < 3; scale++)
            {
                milliseconds *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        DateTime time = new(year, month, day, hour, minute, second, milliseconds, DateTimeKind.Utc);
        epochMilliseconds = (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        return true;
    }

    /// <summary>
    /// Returns the first 128 bits of the SHA-256 of a line as read, timestamp included. A line cut at the maximum line
    /// length (<paramref name="fullLength"/> not 0) is keyed by its kept start and its full length.
    /// </summary>
    /// <remarks>
    /// SHA-256 rather than a faster hash, because a statement's text is chosen by the database user it audits. Two
    /// lines that differ get the same key with a probability of about n² / 2^129 for n lines compared.
    /// </remarks>
    public static ExportLineKey Key(ReadOnlySpan<byte> line, long fullLength)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(line, digest);
        if (fullLength != 0)
        {
            Span<byte> digestAndLength = stackalloc byte[SHA256.HashSizeInBytes + sizeof(long)];
            digest.CopyTo(digestAndLength);
            BinaryPrimitives.WriteInt64LittleEndian(digestAndLength[SHA256.HashSizeInBytes..], fullLength);
            SHA256.HashData(digestAndLength, digest);
        }

        return new ExportLineKey(BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]), BinaryPrimitives.ReadUInt64LittleEndian(digest));
    }

    private static bool TryReadDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
