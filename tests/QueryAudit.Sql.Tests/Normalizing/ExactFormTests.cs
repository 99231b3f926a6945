namespace QueryAudit.Sql.Tests.Normalizing;

public sealed class ExactFormTests
{
    private static string Exact(string sql, SqlNormalizerOptions? options = null) => SqlNormalizer.Normalize(sql, options).ExactForm;

    [TestCase("select  a,b\n from\tt;", "SELECT a , b FROM t")]
    [TestCase("SELECT 1;;", "SELECT 1")]
    [TestCase("SELECT 1 -- done", "SELECT 1")]
    [TestCase("/* app=billing */ SELECT 1 /* pk */ # x", "SELECT 1")]
    [TestCase("SELECT /*+ NO_ICP( t1 )  */ a FROM t1", "SELECT /*+ NO_ICP( t1 ) */ a FROM t1")]
    [TestCase("/*!40101 SET NAMES utf8mb4 */", "SET NAMES utf8mb4")]
    [TestCase("/*!90000 SET x = 1 */ SELECT 1", "SELECT 1")]
    [TestCase("SELECT count(*) FROM t", "SELECT COUNT ( * ) FROM t")]
    [TestCase("SELECT now(), t.count, count FROM t", "SELECT NOW ( ) , t . count , count FROM t")]
    public void Layout_IsCanonical(string sql, string expected) => Assert.That(Exact(sql), Is.EqualTo(expected));

    [TestCase("SELECT `a` FROM `t`", "SELECT a FROM t")]
    [TestCase("SELECT `Users`.`Id` FROM `Users`", "SELECT Users . Id FROM Users")]
    [TestCase("SELECT `order`, t.`order` FROM t", "SELECT `order` , t . order FROM t")]
    [TestCase("SELECT `my col`, `a``b`, `1x`, `123` FROM t", "SELECT `my col` , `a``b` , `1x` , `123` FROM t")]
    [TestCase("SELECT `status`, status, STATUS FROM t", "SELECT STATUS , STATUS , STATUS FROM t")]
    [TestCase("SELECT `名前` FROM t", "SELECT 名前 FROM t")]
    public void Identifiers_LoseNeedlessBackticks(string sql, string expected) => Assert.That(Exact(sql), Is.EqualTo(expected));

    [TestCase(@"SELECT 'O\'Brien'", "SELECT 'O''Brien'")]
    [TestCase("SELECT 'O''Brien'", "SELECT 'O''Brien'")]
    [TestCase("SELECT \"O'Brien\"", "SELECT 'O''Brien'")]
    [TestCase("SELECT \"say \"\"hi\"\"\"", "SELECT 'say \"hi\"'")]
    [TestCase(@"SELECT 'a\nb', 'a\tb'", "SELECT 'a\nb' , 'a\tb'")]
    [TestCase(@"SELECT 'C:\\x', 'C:\x'", @"SELECT 'C:\\x' , 'C:x'")]
    [TestCase(@"SELECT 'a\%b', 'a\\%b'", @"SELECT 'a\\%b' , 'a\\%b'")]
    [TestCase(@"SELECT 'nul\0'", @"SELECT 'nul\0'")]
    [TestCase("SELECT N'x', n\"y\"", "SELECT N'x' , n 'y'")]
    [TestCase("SELECT _utf8mb4'x', _UTF8MB4 'y', _binary 0x0a, _binary X'0a'", "SELECT _utf8mb4 'x' , _utf8mb4 'y' , _binary 0x0A , _binary X'0A'")]
    [TestCase("SELECT _col 'alias'", "SELECT _col 'alias'")]
    [TestCase("SELECT X'0a', x'0A', 0xff, b'01', B'01'", "SELECT X'0A' , X'0A' , 0xFF , B'01' , B'01'")]
    [TestCase("SELECT 1e5, 1E5, 2.5e-3, 1.0, 1.00", "SELECT 1E5 , 1E5 , 2.5E-3 , 1.0 , 1.00")]
    public void Literals_AreSpelledCanonically(string sql, string expected) => Assert.That(Exact(sql), Is.EqualTo(expected));

    [TestCase("SET @X = 1, @'My Var' = 2, @`b` = 3", "SET @x = 1 , @'my var' = 2 , @b = 3")]
    [TestCase("SELECT @@GLOBAL.Max_Connections, @@sql_mode", "SELECT @@global.max_connections , @@sql_mode")]
    public void Variables_AreLowerCased(string sql, string expected) => Assert.That(Exact(sql), Is.EqualTo(expected));

    [Test]
    public void NoBackslashEscapes_KeepsBackslashLiteral()
    {
        SqlNormalizerOptions options = new() { NoBackslashEscapes = true };

        Assert.That(Exact(@"SELECT 'C:\', 'it''s'", options), Is.EqualTo(@"SELECT 'C:\' , 'it''s'"));
    }

    [Test]
    public void AnsiQuotes_DoubleQuotedIsIdentifier()
    {
        SqlNormalizerOptions options = new() { AnsiQuotes = true };

        Assert.That(Exact("SELECT \"a\", \"my col\" FROM \"t\"", options), Is.EqualTo("SELECT a , `my col` FROM t"));
    }

    [TestCase("ALTER USER 'bob'@'%' IDENTIFIED BY *****", "ALTER USER 'bob' @ '%' IDENTIFIED BY * * * * *")]
    [TestCase("SET PASSWORD FOR 'x'@'%' = PASSWORD(*****)", "SET PASSWORD FOR 'x' @ '%' = PASSWORD ( * * * * * )")]
    public void MaskedPasswords_Lex(string sql, string expected) => Assert.That(Exact(sql), Is.EqualTo(expected));

    [TestCase("SELECT a FROM t WHERE x = 1", "SELECT a FROM t WHERE x = 1")]
    [TestCase("SELECT \"a\\\"b\" FROM t", "SELECT 'a\"b' FROM t")]
    [TestCase("INSERT INTO t VALUES ('line1\nline2')", "INSERT INTO t VALUES ( 'line1\nline2' )")]
    public void ExactForm_IsIdempotent(string sql, string expected)
    {
        string once = Exact(sql);

        Assert.That(once, Is.EqualTo(expected));
        Assert.That(Exact(once), Is.EqualTo(once));
    }

    [Test]
    public void ExactHash_IsSha256OfUtf8()
    {
        NormalizedStatement statement = SqlNormalizer.Normalize("select 1");
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SELECT 1"u8));

        Assert.That(statement.ExactHash, Is.EqualTo(expected));
        Assert.That(statement.TemplateHash, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SELECT ?"u8))));
    }
}
