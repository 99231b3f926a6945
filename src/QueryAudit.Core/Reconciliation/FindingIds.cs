using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Makes stable finding ids from the kind and what the finding is about (the audit event, the gap, the content of an
/// input or the catalog script), never from the path a log was read under. The same events read by a relative or an
/// absolute path, from a copied folder or from a rotated file therefore get the same ids and keep their triage decisions.
/// </summary>
public static class FindingIds
{
    /// <summary>Returns <c>F-</c> and 16 hex digits of SHA-256 over kind and identity.</summary>
    public static string Create(string kind, string identity)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + identity));
        return "F-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>
    /// Returns the id of a finding about one audit event: statement <paramref name="part"/> (0-based) of a
    /// multi-statement query, or 0 for a single statement or a connection event.
    /// </summary>
    public static string ForEvent(string kind, AuditEvent audit, int part = 0)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return Create(kind, EventIdentity(audit, part));
    }

    /// <summary>
    /// Returns what identifies an audit event on its server: instance, time in whole seconds, connection id, query id
    /// and operation, plus the statement number within the query.
    /// </summary>
    /// <remarks>
    /// The time is cut to whole seconds because MariaDB-layout lines carry seconds and Aurora-layout lines microseconds,
    /// so the same event read from either layout gets the same id. The operation distinguishes the connect, disconnect
    /// and query records of one connection that share query id 0 and a second. The cluster is left out: instance names
    /// are unique within an AWS account and Region, and the id must not change with whether <c>--cluster</c> was given.
    /// </remarks>
    public static string EventIdentity(AuditEvent audit, int part)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{audit.Instance}\n{audit.Timestamp.ToUnixTimeSeconds()}\n{audit.ConnectionId}\n{audit.QueryId}\n{audit.Operation}\n{part}");
    }
}
