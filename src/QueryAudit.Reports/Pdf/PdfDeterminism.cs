using System.Security.Cryptography;
using System.Text;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Makes a saved PDFsharp file depend only on its content. PDFsharp 6.2.4 writes random values even when the trailer
/// ids are set: a six-letter tag on each embedded font subset (<c>/BaseFont/ABCDEF+Name</c>) and the XMP
/// <c>xmpMM:DocumentID</c> and <c>xmpMM:InstanceID</c> UUIDs. These are rewritten in place with values of the same
/// length, so the cross-reference offsets stay valid.
/// </summary>
internal static class PdfDeterminism
{
    private static readonly byte[][] XmpUuidPrefixes = [Encoding.ASCII.GetBytes("<xmpMM:DocumentID>uuid:"), Encoding.ASCII.GetBytes("<xmpMM:InstanceID>uuid:")];

    /// <summary>
    /// Replaces the XMP document and instance UUIDs with ones derived from <paramref name="seed"/>; returns how many
    /// were replaced.
    /// </summary>
    public static int NormalizeXmpUuids(byte[] pdf, ReadOnlySpan<byte> seed)
    {
        const int UuidLength = 36;
        int rewritten = 0;
        for (int kind = 0; kind < XmpUuidPrefixes.Length; kind++)
        {
            byte[] prefix = XmpUuidPrefixes[kind];
            int from = 0;
            while (true)
            {
                int found = pdf.AsSpan(from).IndexOf(prefix);
                if (found < 0 || from + found + prefix.Length + UuidLength > pdf.Length)
                {
                    break;
                }

                int start = from + found + prefix.Length;
                byte[] hash = SHA256.HashData([.. seed, (byte)kind]);
                string uuid = new Guid(hash.AsSpan(0, 16)).ToString("D");
                Encoding.ASCII.GetBytes(uuid).CopyTo(pdf, start);
                from = start + UuidLength;
                rewritten++;
            }
        }

        return rewritten;
    }

    private static readonly byte[][] TagPrefixes = [Encoding.ASCII.GetBytes("/BaseFont/"), Encoding.ASCII.GetBytes("/FontName/"), Encoding.ASCII.GetBytes("/BaseFont /"), Encoding.ASCII.GetBytes("/FontName /")];

    /// <summary>Rewrites random subset tags in <paramref name="pdf"/> in place; returns how many were rewritten.</summary>
    public static int NormalizeSubsetTags(byte[] pdf)
    {
        int rewritten = 0;
        foreach (byte[] prefix in TagPrefixes)
        {
            int from = 0;
            while (true)
            {
                int found = pdf.AsSpan(from).IndexOf(prefix);
                if (found < 0)
                {
                    break;
                }

                int tag = from + found + prefix.Length;
                from = tag;
                if (!IsSubsetTag(pdf, tag))
                {
                    continue;
                }

                byte[] replacement = DeterministicTag(pdf, tag + 7);
                replacement.CopyTo(pdf, tag);
                rewritten++;
            }
        }

        return rewritten;
    }

    /// <summary>True when six upper-case ASCII letters and a plus sign start at <paramref name="offset"/>.</summary>
    private static bool IsSubsetTag(byte[] pdf, int offset)
    {
        if (offset + 7 > pdf.Length || pdf[offset + 6] != (byte)'+')
        {
            return false;
        }

        for (int i = 0; i < 6; i++)
        {
            if (pdf[offset + i] is < (byte)'A' or > (byte)'Z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Derives six upper-case letters from the font name that follows the tag, so both mentions of one font get the same tag.</summary>
    private static byte[] DeterministicTag(byte[] pdf, int nameStart)
    {
        int end = nameStart;
        while (end < pdf.Length && pdf[end] is not ((byte)'/' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'>' or (byte)'['))
        {
            end++;
        }

        byte[] hash = SHA256.HashData(pdf.AsSpan(nameStart, end - nameStart));
        byte[] tag = new byte[6];
        for (int i = 0; i < tag.Length; i++)
        {
            tag[i] = (byte)('A' + (hash[i] % 26));
        }

        return tag;
    }
}
