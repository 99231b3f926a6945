namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Kind of a token produced by <see cref="MySqlLexer"/>.
/// </summary>
public enum MySqlTokenKind : byte
{
    /// <summary>An unquoted word: a keyword or an identifier (which may start with a digit, such as <c>1abc</c>).</summary>
    Word,

    /// <summary>An identifier in backticks (or in double quotes under ANSI_QUOTES), closing quote included.</summary>
    QuotedIdentifier,

    /// <summary>A string in single quotes (or double quotes without ANSI_QUOTES), closing quote included.</summary>
    StringLiteral,

    /// <summary>A national string <c>N'...'</c>.</summary>
    NationalString,

    /// <summary>A hexadecimal string <c>X'...'</c>.</summary>
    HexString,

    /// <summary>A bit string <c>B'...'</c>.</summary>
    BitString,

    /// <summary>An integer such as <c>42</c>.</summary>
    IntegerLiteral,

    /// <summary>A fixed-point number with a decimal point, such as <c>4.50</c> or <c>.5</c>.</summary>
    DecimalLiteral,

    /// <summary>A number with an exponent, such as <c>2.6E+10</c>.</summary>
    FloatLiteral,

    /// <summary>A hexadecimal number <c>0x...</c>.</summary>
    HexNumber,

    /// <summary>A binary number <c>0b...</c>.</summary>
    BitNumber,

    /// <summary>A user variable: <c>@name</c>, <c>@'name'</c>, <c>@"name"</c> or <c>@`name`</c>.</summary>
    UserVariable,

    /// <summary>A system variable: <c>@@name</c> or <c>@@scope.name</c>.</summary>
    SystemVariable,

    /// <summary>A <c>?</c> parameter marker.</summary>
    Placeholder,

    /// <summary>A <c>:name</c> placeholder used by client libraries.</summary>
    NamedPlaceholder,

    /// <summary>An optimizer hint comment <c>/*+ ... */</c>, kept because it changes the plan.</summary>
    Hint,

    /// <summary>A comment: <c>-- </c>, <c>#</c>, <c>/* */</c>, or an executable comment whose version is above the server's.</summary>
    Comment,

    /// <summary><c>(</c>.</summary>
    LeftParenthesis,

    /// <summary><c>)</c>.</summary>
    RightParenthesis,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>.</c> between the parts of a qualified name.</summary>
    Dot,

    /// <summary>Any other operator or punctuation, including <c>&lt;=&gt;</c>, <c>:=</c>, <c>-&gt;&gt;</c> and <c>||</c>.</summary>
    Operator,

    /// <summary>A character outside MySQL's grammar (such as NUL or a backslash outside a string).</summary>
    Unknown,

    /// <summary>Error: a string with no closing quote before the end of the text.</summary>
    UnterminatedString,

    /// <summary>Error: a quoted identifier with no closing quote before the end of the text.</summary>
    UnterminatedIdentifier,

    /// <summary>Error: a <c>/*</c> comment or hint with no closing <c>*/</c> before the end of the text.</summary>
    UnterminatedComment,
}
