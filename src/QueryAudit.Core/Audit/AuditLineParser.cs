using System.Buffers.Text;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Parses one raw audit line (Aurora MySQL Advanced Auditing, MariaDB server_audit or RDS for MySQL) into an
/// <see cref="AuditEvent"/>, or into a <see cref="QuarantinedLine"/> with the reason when the line is not a record.
/// Never throws for any input bytes.
/// </summary>
/// <remarks>
/// A record is <c>timestamp,serverhost,username,host,connectionid,queryid,operation,database,object,retcode</c>.
/// The first eight fields are split at commas from the left. A quoted <c>object</c> (the statement of a QUERY
/// record) may contain unescaped commas and double quotes, so it ends at the last single quote of the line. Only
/// the retcode and the RDS for MySQL endings (<c>,,</c> or <c>,SOCKET</c>) follow it, and neither contains a quote.
/// A parser keeps small caches (repeated names, the last local timestamp), so it is not thread-safe. Use one
/// parser per reading pipeline.
/// </remarks>
public sealed class AuditLineParser
{
    private const int FieldsBeforeObject = 8;

    // Extra fields RDS for MySQL appends after the retcode: ",," on QUERY records, ",SOCKET" on CONNECT records.
    private const int MaxExtraFields = 2;

    private readonly AuditLineParserOptions _options;
    private readonly ByteStringCache _names = new(8192);
    private readonly LocalTimestampCache _localTimestamps = new();

    /// <summary>Creates a parser; <paramref name="options"/> default to <see cref="AuditLineParserOptions"/> defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public AuditLineParser(AuditLineParserOptions? options = null)
    {
        _options = options ?? new AuditLineParserOptions();
        _options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public AuditLineParserOptions Options => _options;

    /// <summary>Parses one line. Exactly one of the result's members is set.</summary>
    public AuditParseResult Parse(in RawAuditLine line)
    {
        ReadOnlySpan<byte> bytes = line.Bytes.Span;
        if (line.FullLength > bytes.Length || bytes.Length > _options.MaxLineBytes)
        {
            long length = Math.Max(line.FullLength, bytes.Length);
            return Quarantine(line, $"line is {length} bytes long, more than the maximum of {_options.MaxLineBytes} bytes");
        }

        if (bytes.Trim(" \t\r"u8).IsEmpty)
        {
            return Quarantine(line, "empty line");
        }

        Span<int> commas = stackalloc int[FieldsBeforeObject];
        int found = FindLeadingCommas(bytes, commas);
        if (found == 0)
        {
            return Quarantine(line, "not an audit record: the line has no comma-separated fields");
        }

        ReadOnlySpan<byte> timestampField = bytes[..commas[0]];
        bool epoch = AuditTimestamp.IsEpochMicroseconds(timestampField);
        if (!epoch && !AuditTimestamp.IsLocalDateTime(timestampField))
        {
            return Quarantine(line, "not an audit record: the first field is neither a 16-digit epoch-microsecond timestamp nor YYYYMMDD HH:MM:SS");
        }

        if (found < FieldsBeforeObject)
        {
            return TooFewFields(line, found + 1);
        }

        return ParseRecord(line, bytes, commas, epoch);
    }

    private AuditParseResult ParseRecord(in RawAuditLine line, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> commas, bool epoch)
    {
        ReadOnlySpan<byte> rest = bytes[(commas[FieldsBeforeObject - 1] + 1)..];
        bool quoted = !rest.IsEmpty && rest[0] == '\'';
        ReadOnlySpan<byte> objectField;
        ReadOnlySpan<byte> tail;
        if (quoted)
        {
            int close = rest.LastIndexOf((byte)'\'');
            if (close == 0)
            {
                return Quarantine(line, "the quoted statement text has no closing quote (the line may be cut short)");
            }

            if (close + 1 == rest.Length || rest[close + 1] != ',')
            {
                return Quarantine(line, "the closing quote of the statement text is not followed by a comma and the retcode");
            }

            objectField = rest[1..close];
            tail = rest[(close + 2)..];
        }
        else
        {
            int comma = rest.IndexOf((byte)',');
            if (comma < 0)
            {
                return TooFewFields(line, FieldsBeforeObject + 1);
            }

            objectField = rest[..comma];
            tail = rest[(comma + 1)..];
        }

        int tailComma = tail.IndexOf((byte)',');
        ReadOnlySpan<byte> retCodeField = tailComma < 0 ? tail : tail[..tailComma];
        bool hasExtraFields = tailComma >= 0;
        if (hasExtraFields)
        {
            ReadOnlySpan<byte> extra = tail[(tailComma + 1)..];
            int extraFields = extra.Count((byte)',') + 1;
            if (extraFields > MaxExtraFields || !IsEndingWords(extra))
            {
                return Quarantine(line, $"unexpected fields after the retcode: '{Printable(extra)}'; only the RDS for MySQL endings ',,' and ',SOCKET' may follow it");
            }
        }

        ReadOnlySpan<byte> operationField = Field(bytes, commas, 6);
        if (operationField.IsEmpty)
        {
            return Quarantine(line, "the operation field is empty");
        }

        AuditOperation operation = AuditOperationNames.Parse(operationField);
        int? retCode = null;
        if (!retCodeField.IsEmpty)
        {
            if (!TryParseRetCode(retCodeField, out int value))
            {
                return Quarantine(line, $"the retcode '{Printable(retCodeField)}' is not a number");
            }

            retCode = value;
        }
        else if (quoted || operation == AuditOperation.Query || operation.IsConnectionEvent())
        {
            // Only table records are written with an empty retcode. On other records it means the line was cut,
            // or a comma inside a name (a database called `a,b`) shifted the fields.
            return Quarantine(line, $"the retcode of this {Printable(operationField)} record is empty (the line may be cut short, or a name contains a comma)");
        }

        ReadOnlySpan<byte> connectionField = Field(bytes, commas, 4);
        if (!TryParseId(connectionField, out long connectionId))
        {
            return Quarantine(line, $"the connection id '{Printable(connectionField)}' is not a non-negative 64-bit number");
        }

        ReadOnlySpan<byte> queryField = Field(bytes, commas, 5);
        if (!TryParseId(queryField, out long queryId))
        {
            return Quarantine(line, $"the query id '{Printable(queryField)}' is not a non-negative 64-bit number");
        }

        AuditLogFormat format = line.Format;
        if (format == AuditLogFormat.Auto)
        {
            format = epoch ? AuditLogFormat.Aurora : AuditLogFormat.MariaDb;
            if (!epoch && hasExtraFields)
            {
                format = AuditLogFormat.RdsMySql;
            }
        }

        ReadOnlySpan<byte> timestampField = bytes[..commas[0]];
        DateTimeOffset timestamp;
        if (epoch)
        {
            timestamp = AuditTimestamp.FromEpochMicroseconds(timestampField);
        }
        else
        {
            // Aurora 5.7 has been seen writing this form. No documentation states that it is local time there, so it is read as UTC.
            TimeZoneInfo zone = format == AuditLogFormat.Aurora ? TimeZoneInfo.Utc : _options.LogTimeZone;
            if (!_localTimestamps.TryConvert(timestampField, zone, out timestamp))
            {
                return Quarantine(line, $"the timestamp '{Printable(timestampField)}' is not a valid date and time");
            }
        }

        string objectText;
        bool truncated = false;
        if (quoted)
        {
            objectText = QueryTextDecoder.Decode(objectField, out bool endsInsideEscape, out bool endsInsideCharacter);
            int? limit = _options.QueryLogLimitFor(format);
            if (endsInsideEscape && objectField.Length < limit)
            {
                return Quarantine(line, $"the statement text ends in a lone backslash before the closing quote but is only {objectField.Length} bytes, less than the query log limit of {limit} bytes (the line may be cut short)");
            }

            // A server cuts the escaped text at the limit without a marker. With an unknown limit, only a cut
            // that split an escape sequence or a UTF-8 character is visible.
            truncated = limit is int known ? objectField.Length >= known : endsInsideEscape || endsInsideCharacter;
        }
        else
        {
            objectText = _names.Get(objectField);
        }

        string serverHost = _names.Get(Field(bytes, commas, 1));
        SplitHostPort(Field(bytes, commas, 3), out ReadOnlySpan<byte> host, out int? port);
        var auditEvent = new AuditEvent
        {
            Timestamp = timestamp,
            Instance = line.Instance ?? serverHost,
            ServerHost = serverHost,
            User = _names.Get(Field(bytes, commas, 2)),
            Host = _names.Get(host),
            ClientPort = port,
            ConnectionId = connectionId,
            QueryId = queryId,
            Operation = operation,
            OperationText = _names.Get(operationField),
            Database = _names.Get(Field(bytes, commas, 7)),
            ObjectText = objectText,
            RetCode = retCode,
            Truncated = truncated,
            SecondResolution = !epoch,
            Format = format,
            Source = line.Position,
        };
        return new AuditParseResult(auditEvent, null);
    }

    /// <summary>Finds up to <paramref name="commas"/>.Length commas from the left; returns how many were found.</summary>
    private static int FindLeadingCommas(ReadOnlySpan<byte> bytes, Span<int> commas)
    {
        int position = 0;
        for (int i = 0; i < commas.Length; i++)
        {
            int comma = bytes[position..].IndexOf((byte)',');
            if (comma < 0)
            {
                return i;
            }

            commas[i] = position + comma;
            position += comma + 1;
        }

        return commas.Length;
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> commas, int index)
    {
        int start = index == 0 ? 0 : commas[index - 1] + 1;
        return bytes[start..commas[index]];
    }

    /// <summary>True when every field of an RDS for MySQL ending is empty or a word such as <c>SOCKET</c> or <c>TCP/IP</c>.</summary>
    private static bool IsEndingWords(ReadOnlySpan<byte> extra)
    {
        foreach (byte b in extra)
        {
            bool word = (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is (byte)'/' or (byte)'_' or (byte)'-' or (byte)',';
            if (!word)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseId(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        return !field.IsEmpty
            && (uint)(field[0] - '0') <= 9
            && Utf8Parser.TryParse(field, out value, out int consumed)
            && consumed == field.Length;
    }

    private static bool TryParseRetCode(ReadOnlySpan<byte> field, out int value)
    {
        value = 0;
        return (field[0] == '-' || (uint)(field[0] - '0') <= 9)
            && Utf8Parser.TryParse(field, out value, out int consumed)
            && consumed == field.Length;
    }

    /// <summary>
    /// Splits MariaDB 12's <c>host:port</c> and <c>[ipv6]:port</c>. A host with several colons and no brackets is an
    /// IPv6 address and is kept whole.
    /// </summary>
    private static void SplitHostPort(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> host, out int? port)
    {
        host = field;
        port = null;
        int colon = field.LastIndexOf((byte)':');
        if (colon <= 0 || colon == field.Length - 1)
        {
            return;
        }

        ReadOnlySpan<byte> name = field[..colon];
        bool bracketed = name.Length > 2 && name[0] == '[' && name[^1] == ']';
        if (!bracketed && name.Contains((byte)':'))
        {
            // NOTE: if MariaDB 12 writes an IPv6 client as "addr:port" without brackets, the port cannot be
            // distinguished from the address's last group, so such a host is kept whole with its port.
            return;
        }

        ReadOnlySpan<byte> digits = field[(colon + 1)..];
        if (digits.Length > 5 || !Utf8Parser.TryParse(digits, out int value, out int consumed)
            || consumed != digits.Length || (uint)(digits[0] - '0') > 9 || value > 65535)
        {
            return;
        }

        host = bracketed ? name[1..^1] : name;
        port = value;
    }

    private static AuditParseResult TooFewFields(in RawAuditLine line, int fields) =>
        Quarantine(line, $"too few fields: found {fields} comma-separated fields, expected 10");

    private static AuditParseResult Quarantine(in RawAuditLine line, string reason)
    {
        ReadOnlySpan<byte> bytes = line.Bytes.Span;
        long length = Math.Max(line.FullLength, bytes.Length);
        return new AuditParseResult(null, new QuarantinedLine(line.Position, reason, LinePreview.Create(bytes), length));
    }

    private static string Printable(ReadOnlySpan<byte> field)
    {
        const int MaxShown = 40;
        string text = LinePreview.Create(field[..Math.Min(field.Length, MaxShown)]);
        return field.Length > MaxShown ? text + "..." : text;
    }

    /// <summary>
    /// Remembers the conversion of the last <c>YYYYMMDD HH:MM:SS</c> timestamp: consecutive lines share the same
    /// second most of the time, and a time zone lookup costs far more than a 17-byte compare.
    /// </summary>
    private sealed class LocalTimestampCache
    {
        private readonly byte[] _lastField = new byte[AuditTimestamp.LocalDateTimeLength];
        private TimeZoneInfo? _lastZone;
        private DateTimeOffset _lastValue;

        public bool TryConvert(ReadOnlySpan<byte> field, TimeZoneInfo zone, out DateTimeOffset value)
        {
            if (ReferenceEquals(zone, _lastZone) && field.SequenceEqual(_lastField))
            {
                value = _lastValue;
                return true;
            }

            if (!AuditTimestamp.TryReadLocalDateTime(field, out DateTime local))
            {
                value = default;
                return false;
            }

            value = AuditTimestamp.LocalToUtc(local, zone);
            field.CopyTo(_lastField);
            _lastZone = zone;
            _lastValue = value;
            return true;
        }
    }
}
