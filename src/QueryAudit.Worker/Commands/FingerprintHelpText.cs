namespace QueryAudit.Worker.Commands;

/// <summary>
/// Descriptions of the fingerprint command, its argument and its options, shared by <c>queryaudit fingerprint</c> and
/// the native <c>queryaudit-fingerprint</c>, so that both print the same help.
/// </summary>
internal static class FingerprintHelpText
{
    public const string Description =
        "Print the template of each statement: literals as ?, IN lists and repeated VALUES rows collapsed, comments removed, one space between tokens.";

    public const string File = "File of SQL statements (UTF-8); standard input when omitted or '-'.";

    public const string Split =
        "Read statements separated by ';' as the mysql client does (DELIMITER lines honoured, routine bodies kept whole) instead of one statement per line.";

    public const string Exact = "Print each statement's exact form (the approval key, literals kept) instead of its template.";
}
