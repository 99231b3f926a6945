using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Tests.Policy;

public class PolicyLoaderTests
{
    private const string DesignExample = """
        time-zone: Asia/Tokyo
        server-version: 80032            # for /*!NNNNN */ comments
        accounts:                        # first match wins; names or globs
          - { match: app_billing, class: application, hosts: [10.0.0.0/16] }
          - { match: "dba_*", class: human }
          - { match: flyway, class: migration }
          - { match: rdsadmin, class: system }
        reviewers:                       # people who may triage, and their own accounts
          - { name: k.suzuki, accounts: [dba_alice] }
        human-reads: informational       # or exception
        gap-threshold: 15m
        failed-login-burst: { count: 5, within: 1m }
        max-operation-window: 7d
        audit-sample-size: 25
        """;

    [Test]
    public void Parse_DesignExample_ReadsEveryKey()
    {
        AuditPolicy policy = PolicyLoader.Parse("policy.yaml", DesignExample);

        Assert.That(policy.TimeZone, Is.EqualTo("Asia/Tokyo"));
        Assert.That(policy.ServerVersion, Is.EqualTo(80032));
        Assert.That(policy.Accounts, Has.Count.EqualTo(4));
        Assert.That(policy.Accounts[0].Hosts.Single().ToString(), Is.EqualTo("10.0.0.0/16"));
        Assert.That(policy.Reviewers.Single().Accounts, Is.EqualTo(new[] { "dba_alice" }));
        Assert.That(policy.HumanReads, Is.EqualTo(HumanReadTreatment.Informational));
        Assert.That(policy.GapThreshold, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(policy.FailedLoginBurstCount, Is.EqualTo(5));
        Assert.That(policy.FailedLoginWindow, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(policy.MaxOperationWindow, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(policy.AuditSampleSize, Is.EqualTo(25));
    }

    [TestCase("app_billing", AccountClass.Application)]
    [TestCase("dba_alice", AccountClass.Human)]
    [TestCase("dba_", AccountClass.Human)]
    [TestCase("DBA_alice", AccountClass.Unknown)]
    [TestCase("flyway", AccountClass.Migration)]
    [TestCase("rdsadmin", AccountClass.System)]
    [TestCase("ext_contractor", AccountClass.Unknown)]
    public void Classify_DesignExample_FirstMatchWins(string account, AccountClass expected)
    {
        AuditPolicy policy = PolicyLoader.Parse("policy.yaml", DesignExample);

        Assert.That(policy.Classify(account).Class, Is.EqualTo(expected));
    }

    [TestCase("10.0.3.4", true)]
    [TestCase("10.1.0.1", false)]
    [TestCase("198.51.100.7", false)]
    [TestCase("app-host.internal", false)]
    public void AllowsHost_ApplicationCidr(string host, bool allowed)
    {
        AuditPolicy policy = PolicyLoader.Parse("policy.yaml", DesignExample);

        Assert.That(policy.Accounts[0].AllowsHost(host), Is.EqualTo(allowed));
    }

    [TestCase("gap-threshold: 15 minutes", 1, "invalid duration '15 minutes'")]
    [TestCase("report-language: fr", 1, "invalid report-language 'fr'")]
    [TestCase("time-zone: Tokyo/Nowhere", 1, "unknown time zone 'Tokyo/Nowhere'")]
    [TestCase("human-read: exception", 1, "unknown key 'human-read'")]
    [TestCase("human-reads: sometimes", 1, "invalid human-reads value 'sometimes'")]
    [TestCase("accounts:\n  - { match: x, class: robot }", 2, "unknown account class 'robot'")]
    [TestCase("accounts:\n  - { class: human }", 2, "account entry has no 'match'")]
    [TestCase("accounts:\n  - { match: x, class: human, hosts: [10.0.0.0/8] }", 2, "'hosts' applies only to class application")]
    [TestCase("accounts:\n  - { match: app, class: application, hosts: [10.0.0.0/33] }", 2, "invalid network '10.0.0.0/33'")]
    [TestCase("failed-login-burst: { count: 1, within: 1m }", 1, "invalid number '1'")]
    [TestCase("severity: { unapproved_write: urgent }", 1, "invalid severity 'urgent'")]
    [TestCase("severity: { unapproved_writes: high }", 1, "unknown finding kind 'unapproved_writes'")]
    [TestCase("reviewers:\n  - { name: a }\n  - { name: a }", 3, "reviewer 'a' is listed twice")]
    [TestCase("noise-templates: ['SELECT (']", 1, "invalid regular expression")]
    [TestCase("accounts: [ { match: x", 1, "invalid YAML")]
    [TestCase("time-zone: UTC\ntime-zone: Asia/Tokyo", 2, "the key 'time-zone' appears more than once")]
    public void Parse_InvalidSetting_NamesLineAndValue(string yaml, int line, string message)
    {
        PolicyException error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse("p.yaml", yaml))!;

        Assert.That(error.Errors, Is.Not.Empty);
        Assert.That(error.Errors[0].File, Is.EqualTo("p.yaml"));
        Assert.That(error.Errors[0].Line, Is.EqualTo(line));
        Assert.That(error.Errors[0].Message, Does.Contain(message));
    }

    [TestCase("time-zone: UTC\naccounts:\n  - { match: dba_bob, class: human\n  - { match: root, class: admin }\ngap-threshold: 15m", 3)]
    [TestCase("time-zone: UTC\naccounts:\n  - { match: dba_alice, class: human }\n  - { match: dba_bob, class: human\n  - { match: root, class: admin }", 4)]
    [TestCase("time-zone: UTC\naccounts:\n  - { match: dba_bob, class: human", 3)]
    [TestCase("time-zone: UTC\nnoise-templates: ['a', 'b'", 2)]
    [TestCase("time-zone: UTC\nreviewers: [ { name: a }", 2)]
    [TestCase("time-zone: UTC\norganisation: 'Acme", 2)]
    [TestCase("time-zone: UTC\naccounts:\n\t- { match: x, class: human }", 3)]
    [TestCase("time-zone: UTC\ngap-threshold: 15m\ngap-threshold: 30m", 3)]
    [TestCase("time-zone: UTC\n  gap-threshold: 15m", 2)]
    [TestCase("time-zone: UTC\nfailed-login-burst: { count: 5, count: 6 }", 2)]
    public void Parse_BrokenYaml_NamesFileAndLine(string yaml, int line)
    {
        PolicyException error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse("pol.yaml", yaml))!;

        Assert.That(error.Errors, Is.Not.Empty);
        Assert.That(error.Errors[0].File, Is.EqualTo("pol.yaml"));
        Assert.That(error.Errors[0].Line, Is.EqualTo(line));
        Assert.That(error.Errors[0].Message, Does.StartWith("invalid YAML: "));
    }

    [Test]
    public void Load_ByteOrderMark_IsAccepted()
    {
        string path = Path.Combine(Path.GetTempPath(), $"policy-bom-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "time-zone: UTC\ngap-threshold: 20m\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            AuditPolicy policy = PolicyLoader.Load(path);

            Assert.That(policy.GapThreshold, Is.EqualTo(TimeSpan.FromMinutes(20)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("time-zone: UTC", "en")]
    [TestCase("report-language: ja", "ja")]
    public void Parse_ReportLanguage_DefaultsToEnglish(string yaml, string expected)
    {
        Assert.That(PolicyLoader.Parse("p.yaml", yaml).ReportLanguage, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_SeveralProblems_ReportsAll()
    {
        PolicyException error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse("p.yaml", "gap-threshold: x\naudit-sample-size: -1\nfoo: 1"))!;

        Assert.That(error.Errors.Select(e => e.Line), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Parse_HumanReadsPerTable_ExceptionRuleWins()
    {
        AuditPolicy policy = PolicyLoader.Parse("p.yaml", "human-reads: { default: informational, exception: [billing.customers, 'hr.*'] }");

        Assert.That(policy.HumanReadTreatmentFor(["billing.invoices"]), Is.EqualTo(HumanReadTreatment.Informational));
        Assert.That(policy.HumanReadTreatmentFor(["billing.invoices", "billing.customers"]), Is.EqualTo(HumanReadTreatment.Exception));
        Assert.That(policy.HumanReadTreatmentFor(["hr.salaries"]), Is.EqualTo(HumanReadTreatment.Exception));
    }

    [Test]
    public void Parse_SeverityOverride_AppliesOnlyToThatKind()
    {
        AuditPolicy policy = PolicyLoader.Parse("p.yaml", "severity: { unapproved_read: low }");

        Assert.That(policy.SeverityOf(FindingKinds.UnapprovedRead), Is.EqualTo(Severity.Low));
        Assert.That(policy.SeverityOf(FindingKinds.AuditConfigChange), Is.EqualTo(Severity.Critical));
    }

    [Test]
    public void Parse_GapThresholdPerInstance()
    {
        AuditPolicy policy = PolicyLoader.Parse("p.yaml", "gap-threshold: { default: 15m, instances: { 'reporting-*': 2h } }");

        Assert.That(policy.GapThresholdFor("reporting-1"), Is.EqualTo(TimeSpan.FromHours(2)));
        Assert.That(policy.GapThresholdFor("writer-1"), Is.EqualTo(TimeSpan.FromMinutes(15)));
    }

    [Test]
    public void Load_FixturePolicy_HasHashAndClasses()
    {
        string path = Path.Combine(TestPaths.Fixtures, "policy.yaml");

        AuditPolicy policy = PolicyLoader.Load(path);

        Assert.That(policy.Sha256, Has.Length.EqualTo(64));
        Assert.That(policy.HumanReads, Is.EqualTo(HumanReadTreatment.Exception));
        Assert.That(policy.Classify("admin").Class, Is.EqualTo(AccountClass.Admin));
        Assert.That(policy.ServerVersion, Is.EqualTo(101119));
    }

    [Test]
    public void Load_MissingFile_NamesPath()
    {
        PolicyException error = Assert.Throws<PolicyException>(() => PolicyLoader.Load("/nonexistent/policy.yaml"))!;

        Assert.That(error.Message, Does.Contain("/nonexistent/policy.yaml"));
    }
}
