namespace QueryAudit.Fingerprint.Tests;

public sealed class FingerprintArgumentsTests
{
    private static FingerprintArguments Parse(params string[] args) => FingerprintArguments.Parse(args);

    [TestCase(new string[0], null, false, false)]
    [TestCase(new[] { "-" }, "-", false, false)]
    [TestCase(new[] { "a.sql" }, "a.sql", false, false)]
    [TestCase(new[] { "--split" }, null, true, false)]
    [TestCase(new[] { "--exact" }, null, false, true)]
    [TestCase(new[] { "--split", "a.sql" }, "a.sql", true, false)]
    [TestCase(new[] { "a.sql", "--split" }, "a.sql", true, false)]
    [TestCase(new[] { "--split", "--exact", "a.sql" }, "a.sql", true, true)]
    [TestCase(new[] { "a.sql", "--exact", "--split" }, "a.sql", true, true)]
    [TestCase(new[] { "--exact", "-", "--split" }, "-", true, true)]
    [TestCase(new[] { "--split", "--split", "a.sql" }, "a.sql", true, false)]
    [TestCase(new[] { "--" }, null, false, false)]
    [TestCase(new[] { "--", "--split" }, "--split", false, false)]
    [TestCase(new[] { "--split", "--", "--split" }, "--split", true, false)]
    [TestCase(new[] { "--", "-" }, "-", false, false)]
    [TestCase(new[] { "--", "--" }, "--", false, false)]
    [TestCase(new[] { "--", "-x" }, "-x", false, false)]
    [TestCase(new[] { "--", "--help" }, "--help", false, false)]
    [TestCase(new[] { "@a.sql" }, "@a.sql", false, false)]
    [TestCase(new[] { "--exact", "@statements.rsp" }, "@statements.rsp", false, true)]
    [TestCase(new[] { "/?" }, "/?", false, false)]
    [TestCase(new[] { "/h" }, "/h", false, false)]
    public void Valid_SetsFileAndOptions(string[] args, string? file, bool split, bool exact)
    {
        FingerprintArguments parsed = Parse(args);

        Assert.That(parsed.Error, Is.Null);
        Assert.That(parsed.File, Is.EqualTo(file));
        Assert.That(parsed.Split, Is.EqualTo(split));
        Assert.That(parsed.Exact, Is.EqualTo(exact));
        Assert.That(parsed.Help, Is.False);
        Assert.That(parsed.Version, Is.False);
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("-?")]
    [TestCase("--help", "a.sql")]
    [TestCase("a.sql", "-h")]
    [TestCase("--split", "a.sql", "--help")]
    [TestCase("--version", "--help")]
    [TestCase("--help", "--version")]
    public void Help_WinsOverOtherArguments(params string[] args)
    {
        FingerprintArguments parsed = Parse(args);

        Assert.That(parsed.Error, Is.Null);
        Assert.That(parsed.Help, Is.True);
    }

    [Test]
    public void Version_Alone()
    {
        FingerprintArguments parsed = Parse("--version");

        Assert.That(parsed.Error, Is.Null);
        Assert.That(parsed.Version, Is.True);
        Assert.That(parsed.Help, Is.False);
    }

    [TestCase(new[] { "--version", "--split" }, "--version cannot be combined with other arguments. Give --version alone.")]
    [TestCase(new[] { "a.sql", "--version" }, "--version cannot be combined with other arguments. Give --version alone.")]
    [TestCase(new[] { "--foo" }, "unknown option '--foo'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "--foo", "a.sql" }, "unknown option '--foo'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "--help", "--foo" }, "unknown option '--foo'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "-h", "-x" }, "unknown option '-x'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "-x" }, "unknown option '-x'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "-s" }, "unknown option '-s'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "-help" }, "unknown option '-help'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "--SPLIT", "a.sql" }, "unknown option '--SPLIT'. Put '--' before a file name that starts with '-'.")]
    [TestCase(new[] { "--split=true", "a.sql" }, "invalid option '--split=true': --split takes no value. Give --split alone.")]
    [TestCase(new[] { "--split:true", "a.sql" }, "invalid option '--split:true': --split takes no value. Give --split alone.")]
    [TestCase(new[] { "--exact=false", "a.sql" }, "invalid option '--exact=false': --exact takes no value. Give --exact alone.")]
    [TestCase(new[] { "--help=all" }, "invalid option '--help=all': --help takes no value. Give --help alone.")]
    [TestCase(new[] { "a.sql", "b.sql" }, "unexpected argument 'b.sql' after the file 'a.sql'. Give one file, or '-' for standard input.")]
    [TestCase(new[] { "-", "-" }, "unexpected argument '-' after the file '-'. Give one file, or '-' for standard input.")]
    [TestCase(new[] { "--", "a.sql", "--exact" }, "unexpected argument '--exact' after the file 'a.sql'. Give one file, or '-' for standard input.")]
    [TestCase(new[] { "--split", "false", "a.sql" }, "unexpected argument 'a.sql' after the file 'false'. Give one file, or '-' for standard input.")]
    [TestCase(new[] { "@a.rsp", "a.sql" }, "unexpected argument 'a.sql' after the file '@a.rsp'. Give one file, or '-' for standard input.")]
    [TestCase(new[] { "" }, "the file name is empty (''). Give a file of SQL statements, or '-' for standard input.")]
    [TestCase(new[] { "--", "" }, "the file name is empty (''). Give a file of SQL statements, or '-' for standard input.")]
    public void Invalid_ReturnsFirstError(string[] args, string error)
    {
        FingerprintArguments parsed = Parse(args);

        Assert.That(parsed.Error, Is.EqualTo(error));
        Assert.That(parsed.Help, Is.False);
        Assert.That(parsed.Version, Is.False);
    }

    [Test]
    public void SplitWithValue_TakesValueAsFile()
    {
        // System.CommandLine read "--split true" as --split with the value true, and then standard input.
        FingerprintArguments parsed = Parse("--split", "true");

        Assert.That(parsed.Error, Is.Null);
        Assert.That(parsed.Split, Is.True);
        Assert.That(parsed.File, Is.EqualTo("true"));
    }
}
