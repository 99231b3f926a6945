using NUnit.Framework;
using QueryAudit.Core.Catalog;

namespace QueryAudit.Core.Tests.Catalog;

public class CatalogTargetTests
{
    [TestCase("billing-prod/billing", "billing-prod", "billing", true)]
    [TestCase("billing-prod/billing", "BILLING-PROD", "billing", true)]
    [TestCase("billing-prod/billing", "billing-prod", "Billing", false)]
    [TestCase("billing-prod/billing", "billing-stg", "billing", false)]
    [TestCase("billing-*/billing", "billing-prod", "billing", true)]
    [TestCase("billing-*/billing", "crm-prod", "billing", false)]
    [TestCase("*/*", "anything", "any_db", true)]
    [TestCase("billing-prod/bill*", "billing-prod", "billing_archive", true)]
    [TestCase("billing-prod/b.ll", "billing-prod", "bill", false)]
    public void Matches_ClusterAndDatabase(string target, string cluster, string database, bool expected)
    {
        CatalogTarget parsed = CatalogTarget.TryParse(target, out string? error)!;

        Assert.That(error, Is.Null);
        Assert.That(parsed.Matches(cluster, database), Is.EqualTo(expected));
    }

    [TestCase("billing-prod")]
    [TestCase("a/b/c")]
    [TestCase("/billing")]
    [TestCase("billing-prod/")]
    [TestCase("billing prod/billing")]
    public void TryParse_Malformed_ReturnsError(string target)
    {
        CatalogTarget? parsed = CatalogTarget.TryParse(target, out string? error);

        Assert.That(parsed, Is.Null);
        Assert.That(error, Does.Contain(target));
    }
}
