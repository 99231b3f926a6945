using System.Net;

namespace QueryAudit.Core.Policy;

/// <summary>
/// One <c>accounts</c> entry of the policy: a name or glob and the class it gives.
/// </summary>
/// <param name="Match">Account name or glob (<c>*</c> any run of characters, <c>?</c> one character); compared case-sensitively as MySQL does.</param>
/// <param name="Class">Class of the matching accounts.</param>
/// <param name="Hosts">Allowed client networks for application accounts; empty means any host.</param>
/// <param name="Line">Line of the entry in the policy file.</param>
public sealed record AccountRule(string Match, AccountClass Class, IReadOnlyList<IPNetwork> Hosts, int Line)
{
    /// <summary>Tells whether this entry matches the account name.</summary>
    public bool Matches(string account) => GlobPattern.IsMatch(Match, account);

    /// <summary>Tells whether a client host is allowed; host names that are not IP addresses are allowed only when no networks are listed.</summary>
    public bool AllowsHost(string host)
    {
        if (Hosts.Count == 0)
        {
            return true;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = "127.0.0.1";
        }

        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            return false;
        }

        foreach (IPNetwork network in Hosts)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
