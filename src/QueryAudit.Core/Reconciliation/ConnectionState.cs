using QueryAudit.Core.Policy;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// What the reconciler remembers about an open connection.
/// </summary>
internal sealed class ConnectionState(string user, string host, AccountClass accountClass)
{
    public string User { get; set; } = user;

    public string Host { get; set; } = host;

    public AccountClass AccountClass { get; set; } = accountClass;

    public bool HostReported { get; set; }

    public bool UnknownReported { get; set; }

    /// <summary>
    /// The last client host that <see cref="AllowedHostRule"/> allowed, compared by reference, so that the rule parses
    /// the address once per connection and host instead of once per statement. <see cref="Copy"/> leaves this cache
    /// empty, which costs one more parse.
    /// </summary>
    public string? AllowedHost { get; set; }

    /// <summary>The account rule that allowed <see cref="AllowedHost"/>.</summary>
    public AccountRule? AllowedHostRule { get; set; }

    /// <summary>
    /// Unmatched statements held back because a later CALL on this connection may claim them: MariaDB and Aurora log the
    /// statements a stored procedure runs as separate QUERY records before the CALL record, with higher query ids.
    /// </summary>
    public List<PendingFinding> Pending { get; } = [];

    /// <summary>Returns a copy with its own pending list; the pending findings themselves are immutable and shared.</summary>
    public ConnectionState Copy()
    {
        ConnectionState copy = new(User, Host, AccountClass) { HostReported = HostReported, UnknownReported = UnknownReported };
        copy.Pending.AddRange(Pending);
        return copy;
    }
}

/// <summary>
/// A finding that is final unless a later CALL claims the statement as part of an approved procedure.
/// </summary>
internal sealed record PendingFinding(long QueryId, Finding Finding, StatementContext Statement);
