namespace QueryAudit.Aws.S3;

/// <summary>
/// The identity of a CloudWatch Logs event in a Firehose delivery, packed without loss: its log stream (as an index
/// into the streams seen) and its event id. An id of up to 57 decimal digits (CloudWatch Logs writes 56) is stored as a
/// 192-bit number with its length, so that ids differing only in leading zeros stay distinct. Any other id is kept as
/// text.
/// </summary>
internal readonly record struct FirehoseEventKey(ulong Low, ulong Middle, ulong High, int Stream, int Length, string? Text)
{
    /// <summary>10^57 is below 2^190, so 57 digits always fit the three words.</summary>
    private const int MaxPackedDigits = 57;

    public static FirehoseEventKey Create(int stream, string id)
    {
        if (id.Length is 0 or > MaxPackedDigits)
        {
            return new FirehoseEventKey(0, 0, 0, stream, id.Length, id);
        }

        ulong low = 0;
        ulong middle = 0;
        ulong high = 0;
        foreach (char c in id)
        {
            if (!char.IsAsciiDigit(c))
            {
                return new FirehoseEventKey(0, 0, 0, stream, id.Length, id);
            }

            UInt128 next = ((UInt128)low * 10) + (ulong)(c - '0');
            low = (ulong)next;
            next = ((UInt128)middle * 10) + (ulong)(next >> 64);
            middle = (ulong)next;
            high = (high * 10) + (ulong)(next >> 64);
        }

        return new FirehoseEventKey(low, middle, high, stream, id.Length, null);
    }
}
