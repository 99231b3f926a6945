namespace QueryAudit.Core.Catalog;

/// <summary>
/// What <see cref="ApprovalHeaderParser.Parse"/> found at the top of a script.
/// </summary>
/// <param name="Found">True when the script starts with a <c>/* queryaudit</c> comment, even one that could not be read.</param>
/// <param name="Header">The header; null when none was found or when it was unterminated or not valid YAML.</param>
public sealed record ApprovalHeaderParseResult(bool Found, ApprovalHeader? Header);
