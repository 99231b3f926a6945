namespace QueryAudit.Core.Audit;

/// <summary>
/// Detects the layout of one file or stream from its first records.
/// </summary>
/// <remarks>
/// A 16-digit epoch-microsecond timestamp means Aurora. A <c>YYYYMMDD HH:MM:SS</c> timestamp means MariaDB, or
/// RDS for MySQL when a record ends with <c>,,</c> or <c>,SOCKET</c> (RDS for MySQL appends these after the retcode,
/// which MariaDB never does). Lines that are not records are skipped. Feed lines with <see cref="Observe"/> until
/// <see cref="IsDecided"/>, then read <see cref="Format"/>; call <see cref="Finish"/> at the end of input.
/// </remarks>
public sealed class AuditFormatDetector
{
    /// <summary>
    /// Number of date-form records after which a file with no RDS for MySQL ending is taken as MariaDB. RDS for
    /// MySQL ends every QUERY record with <c>,,</c>, so a run this long without one is MariaDB.
    /// </summary>
    public const int DateRecordsToDecide = 16;

    private int _dateRecords;

    /// <summary>The detected layout; <see cref="AuditLogFormat.Auto"/> until decided.</summary>
    public AuditLogFormat Format { get; private set; } = AuditLogFormat.Auto;

    /// <summary>True once <see cref="Format"/> is final.</summary>
    public bool IsDecided => Format != AuditLogFormat.Auto;

    /// <summary>Looks at one raw line; returns <see cref="IsDecided"/>.</summary>
    public bool Observe(ReadOnlySpan<byte> line)
    {
        if (IsDecided)
        {
            return true;
        }

        int comma = line.IndexOf((byte)',');
        if (comma < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> timestamp = line[..comma];
        if (AuditTimestamp.IsEpochMicroseconds(timestamp))
        {
            Format = AuditLogFormat.Aurora;
        }
        else if (AuditTimestamp.IsLocalDateTime(timestamp))
        {
            ReadOnlySpan<byte> trimmed = line.TrimEnd("\r"u8);
            if (trimmed.EndsWith(",,"u8) || trimmed.EndsWith(",SOCKET"u8))
            {
                Format = AuditLogFormat.RdsMySql;
            }
            else if (++_dateRecords >= DateRecordsToDecide)
            {
                Format = AuditLogFormat.MariaDb;
            }
        }

        return IsDecided;
    }

    /// <summary>
    /// Ends detection at the end of the input: any date-form record seen means MariaDB. Returns the layout, which
    /// stays <see cref="AuditLogFormat.Auto"/> when no record was seen (the parser then decides per line).
    /// </summary>
    public AuditLogFormat Finish()
    {
        if (!IsDecided && _dateRecords > 0)
        {
            Format = AuditLogFormat.MariaDb;
        }

        return Format;
    }
}
