using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Lexing;

public sealed class MySqlLexerTests
{
    /// <summary>Lexes <paramref name="sql"/> and renders each token as <c>Kind:text</c>, space separated.</summary>
    private static string Render(string sql, SqlNormalizerOptions? options = null)
    {
        List<string> parts = [];
        MySqlLexer lexer = new(sql, options);
        while (lexer.TryRead(out MySqlToken token))
        {
            parts.Add($"{token.Kind}:{sql.Substring(token.Start, token.Length)}");
        }

        return string.Join(" ", parts);
    }

    [TestCase("5--1", "IntegerLiteral:5 Operator:- Operator:- IntegerLiteral:1")]
    [TestCase("5 -- 1", "IntegerLiteral:5 Comment:-- 1")]
    [TestCase("5 --\t1", "IntegerLiteral:5 Comment:--\t1")]
    [TestCase("5 --", "IntegerLiteral:5 Comment:--")]
    [TestCase("a # b\nc", "Word:a Comment:# b Word:c")]
    [TestCase("a /* b */ c", "Word:a Comment:/* b */ Word:c")]
    [TestCase("a /* /* b */ c */", "Word:a Comment:/* /* b */ Word:c Operator:* Operator:/")]
    [TestCase("a /*/ b */", "Word:a Comment:/*/ b */")]
    [TestCase("SELECT /*+ BKA(t1) */ 1", "Word:SELECT Hint:/*+ BKA(t1) */ IntegerLiteral:1")]
    public void Comments_FollowMySqlRules(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [TestCase("/*!40101 SET NAMES utf8 */", "Word:SET Word:NAMES Word:utf8")]
    [TestCase("/*!80032 SELECT 1 */", "Word:SELECT IntegerLiteral:1")]
    [TestCase("/*!80033 SELECT 1 */", "Comment:/*!80033 SELECT 1 */")]
    [TestCase("/*! SELECT 1 */", "Word:SELECT IntegerLiteral:1")]
    [TestCase("/*!1234 x */", "IntegerLiteral:1234 Word:x")]
    [TestCase("/*!100100 x */", "Comment:/*!100100 x */")]
    [TestCase("SELECT /*!STRAIGHT_JOIN*/ a", "Word:SELECT Word:STRAIGHT_JOIN Word:a")]
    [TestCase("CREATE /*!32312 IF NOT EXISTS*/ db", "Word:CREATE Word:IF Word:NOT Word:EXISTS Word:db")]
    public void ExecutableComments_ExpandByVersion(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [Test]
    public void ExecutableComment_OlderServerKeepsComment()
    {
        SqlNormalizerOptions options = new() { ServerVersion = 50744 };

        Assert.That(Render("/*!80000 SET x = 1 */", options), Is.EqualTo("Comment:/*!80000 SET x = 1 */"));
        Assert.That(Render("/*!50700 SET x = 1 */", options), Is.EqualTo("Word:SET Word:x Operator:= IntegerLiteral:1"));
    }

    [TestCase("'a''b'", "StringLiteral:'a''b'")]
    [TestCase(@"'a\'b'", @"StringLiteral:'a\'b'")]
    [TestCase(@"'C:\\' x", @"StringLiteral:'C:\\' Word:x")]
    [TestCase("\"a\"\"b\"", "StringLiteral:\"a\"\"b\"")]
    [TestCase("N'x' n'y'", "NationalString:N'x' NationalString:n'y'")]
    [TestCase("X'0aFF' x'01'", "HexString:X'0aFF' HexString:x'01'")]
    [TestCase("B'0101' b'1'", "BitString:B'0101' BitString:b'1'")]
    [TestCase("_utf8mb4'x'", "Word:_utf8mb4 StringLiteral:'x'")]
    [TestCase("'semi; -- /* */ #'", "StringLiteral:'semi; -- /* */ #'")]
    public void Strings_KeepEscapesInsideToken(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [Test]
    public void NoBackslashEscapes_BackslashIsPlain()
    {
        SqlNormalizerOptions options = new() { NoBackslashEscapes = true };

        Assert.That(Render(@"'C:\' x", options), Is.EqualTo(@"StringLiteral:'C:\' Word:x"));
    }

    [Test]
    public void AnsiQuotes_DoubleQuoteIsIdentifier()
    {
        SqlNormalizerOptions options = new() { AnsiQuotes = true };

        Assert.That(Render("\"my col\" 'v'", options), Is.EqualTo("QuotedIdentifier:\"my col\" StringLiteral:'v'"));
    }

    [TestCase("42", "IntegerLiteral:42")]
    [TestCase("4.50 .5 5.", "DecimalLiteral:4.50 DecimalLiteral:.5 DecimalLiteral:5.")]
    [TestCase("2.6E+10 4.22e-4 1e5", "FloatLiteral:2.6E+10 FloatLiteral:4.22e-4 FloatLiteral:1e5")]
    [TestCase("0x79910E 0b0101", "HexNumber:0x79910E BitNumber:0b0101")]
    [TestCase("0X1F", "Word:0X1F")]
    [TestCase("0x1g", "Word:0x1g")]
    [TestCase("1abc 123_tmp", "Word:1abc Word:123_tmp")]
    [TestCase("1e", "Word:1e")]
    [TestCase("users_2009", "Word:users_2009")]
    [TestCase("t.5", "Word:t Dot:. IntegerLiteral:5")]
    public void Numbers_AreSingleTokens(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [TestCase("`a``b`", "QuotedIdentifier:`a``b`")]
    [TestCase("`db`.`t`", "QuotedIdentifier:`db` Dot:. QuotedIdentifier:`t`")]
    [TestCase("@x @'a b' @\"c\" @`d` @a.b", "UserVariable:@x UserVariable:@'a b' UserVariable:@\"c\" UserVariable:@`d` UserVariable:@a.b")]
    [TestCase("@@global.max_connections @@x", "SystemVariable:@@global.max_connections SystemVariable:@@x")]
    [TestCase("'bob'@'%'", "StringLiteral:'bob' Operator:@ StringLiteral:'%'")]
    [TestCase("bob@localhost", "Word:bob Operator:@ Word:localhost")]
    [TestCase("? :name", "Placeholder:? NamedPlaceholder::name")]
    [TestCase("lbl: LOOP", "Word:lbl Operator:: Word:LOOP")]
    public void NamesAndVariables_AreSingleTokens(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [TestCase("a->'$.x' a->>'$.y'", "Word:a Operator:-> StringLiteral:'$.x' Word:a Operator:->> StringLiteral:'$.y'")]
    [TestCase("a<=>b a:=b a||b a&&b", "Word:a Operator:<=> Word:b Word:a Operator::= Word:b Word:a Operator:|| Word:b Word:a Operator:&& Word:b")]
    [TestCase("a<>b a!=b a<=b a>=b a<<b a>>b", "Word:a Operator:<> Word:b Word:a Operator:!= Word:b Word:a Operator:<= Word:b Word:a Operator:>= Word:b Word:a Operator:<< Word:b Word:a Operator:>> Word:b")]
    [TestCase("IDENTIFIED BY *****", "Word:IDENTIFIED Word:BY Operator:* Operator:* Operator:* Operator:* Operator:*")]
    [TestCase("(a,b);", "LeftParenthesis:( Word:a Comma:, Word:b RightParenthesis:) Semicolon:;")]
    public void Operators_AreLongestMatch(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [TestCase("SELECT 'abc", "Word:SELECT UnterminatedString:'abc")]
    [TestCase("SELECT 'it''", "Word:SELECT UnterminatedString:'it''")]
    [TestCase(@"SELECT 'ab\", @"Word:SELECT UnterminatedString:'ab\")]
    [TestCase("SELECT `ab", "Word:SELECT UnterminatedIdentifier:`ab")]
    [TestCase("SELECT 1 /* ab", "Word:SELECT IntegerLiteral:1 UnterminatedComment:/* ab")]
    [TestCase("SELECT /*+ ab", "Word:SELECT UnterminatedComment:/*+ ab")]
    [TestCase("SELECT X'ab", "Word:SELECT UnterminatedString:X'ab")]
    [TestCase("SELECT @'ab", "Word:SELECT UnterminatedString:@'ab")]
    public void UnterminatedTokens_AreErrors(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));

    [Test]
    public void ExecutableComment_EndOfTextReported()
    {
        MySqlLexer lexer = new("/*!40101 SET NAMES utf8");
        while (lexer.TryRead(out _))
        {
        }

        Assert.That(lexer.IsInsideExecutableComment, Is.True);
    }

    [TestCase("a\0b", "Word:a Unknown:\0 Word:b")]
    [TestCase("\\N", "Unknown:\\N")]
    [TestCase("x\uD800y", "Word:x\uD800y")]
    [TestCase("\uDC00", "Word:\uDC00")]
    [TestCase("名前 = '値'", "Word:名前 Operator:= StringLiteral:'値'")]
    public void OddCharacters_NeverThrow(string sql, string expected) => Assert.That(Render(sql), Is.EqualTo(expected));
}
