using System.Runtime.CompilerServices;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Joins QUERY records and table records (READ, WRITE, CREATE, ALTER, DROP, RENAME) with the same instance,
/// connection id and query id into <see cref="AuditStatement"/>s, streaming with bounded memory.
/// </summary>
/// <remarks>
/// <para>Table records may come before their QUERY record (MariaDB writes them first) or after it. A statement is
/// complete, and emitted, when its QUERY record was seen and then one of these happens: the same connection logs
/// a record with another query id or a connection event, the input ends, or the instance's clock passes the
/// statement's last record by <see cref="StatementAssemblerOptions.Horizon"/>.</para>
/// <para>Table records without a QUERY record are held, because a stored procedure's <c>CALL</c> is logged only
/// after the statements of its body, which have their own query ids. They join their QUERY record when it comes,
/// or are emitted as an orphan group when the connection ends (CONNECT, FAILED_CONNECT or DISCONNECT with the same
/// connection id), at the horizon, when the connection has more held groups than allowed, or at the end of the input.</para>
/// <para>Connection events and records with an unknown operation pass through as events.</para>
/// <para><b>Ordering.</b> The output depends only on the input order, so the same input gives the same output.
/// For one connection, statements come out in the log order of their QUERY records and passed-through events in
/// log order among them. An orphan group comes out when it is given up: before the event that ended its connection,
/// or, at the horizon and the end of the input, together with the other items closed at that moment, which are
/// sorted by the position in the input of their QUERY record (first table record for orphans).</para>
/// <para>The instance's clock is its latest timestamp so far. Several log files of one instance that are read one
/// after another and overlap in time (Aurora writes several files in no particular order) can therefore split a
/// statement whose records sit in different files; merge such files by time before assembly.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed partial class StatementAssembler
{
    // The horizon check scans every held connection of the instance. Running it at most once per second of log
    // time keeps its cost small whatever the event rate.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly StatementAssemblerOptions _options;
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private readonly List<HeldItem> _closing = [];
    private long _sequence;

    /// <summary>Creates an assembler; <paramref name="options"/> default to <see cref="StatementAssemblerOptions"/> defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public StatementAssembler(StatementAssemblerOptions? options = null)
    {
        _options = options ?? new StatementAssemblerOptions();
        _options.Validate();
    }

    /// <summary>Running totals.</summary>
    public StatementAssemblerCounts Counts { get; private init; } = new();

    /// <summary>Assembles a whole sequence of records.</summary>
    public static IEnumerable<AssembledRecord> Assemble(IEnumerable<AuditEvent> records, StatementAssemblerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var assembler = new StatementAssembler(options);
        var output = new List<AssembledRecord>();
        foreach (AuditEvent record in records)
        {
            assembler.Add(record, output);
            foreach (AssembledRecord item in output)
            {
                yield return item;
            }

            output.Clear();
        }

        assembler.Complete(output);
        foreach (AssembledRecord item in output)
        {
            yield return item;
        }
    }

    /// <summary>Assembles a stream of records.</summary>
    public static async IAsyncEnumerable<AssembledRecord> AssembleAsync(
        IAsyncEnumerable<AuditEvent> records,
        StatementAssemblerOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var assembler = new StatementAssembler(options);
        var output = new List<AssembledRecord>();
        await foreach (AuditEvent record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            assembler.Add(record, output);
            foreach (AssembledRecord item in output)
            {
                yield return item;
            }

            output.Clear();
        }

        assembler.Complete(output);
        foreach (AssembledRecord item in output)
        {
            yield return item;
        }
    }

    /// <summary>Takes the next record in log order and appends the items it completes to <paramref name="output"/>.</summary>
    public void Add(AuditEvent record, ICollection<AssembledRecord> output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        long sequence = ++_sequence;
        Counts.Records++;

        InstanceState instance = GetInstance(record.Instance);
        if (record.Timestamp > instance.Clock)
        {
            instance.Clock = record.Timestamp;

            // Sweep before taking the record, so that what the new time closes comes out before what the record closes.
            if (instance.Clock - instance.LastSweep >= SweepInterval)
            {
                Sweep(instance, output);
            }
        }

        if (record.Operation == AuditOperation.Query)
        {
            AddQuery(instance, record, sequence, output);
        }
        else if (record.Operation.IsTableOperation())
        {
            AddTableRecord(instance, record, sequence, output);
        }
        else
        {
            AddPassThrough(instance, record, output);
        }
    }

    /// <summary>Ends the input: emits every held statement and orphan group, in input order.</summary>
    public void Complete(ICollection<AssembledRecord> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (InstanceState instance in _instances.Values)
        {
            foreach (ConnectionState connection in instance.Connections.Values)
            {
                if (connection.Open is not null)
                {
                    _closing.Add(connection.Open);
                    connection.Open = null;
                }

                _closing.AddRange(connection.Groups);
                connection.Groups.Clear();
            }

            instance.Connections.Clear();
        }

        EmitClosing(output);
    }

    private void AddQuery(InstanceState instance, AuditEvent record, long sequence, ICollection<AssembledRecord> output)
    {
        ConnectionState connection = GetConnection(instance, record.ConnectionId);
        CloseOpen(connection, output);

        var statement = new HeldItem(record, sequence);
        int index = connection.FindGroup(record.QueryId);
        if (index >= 0)
        {
            // Table records that came first: they join the statement and count as held by it now.
            HeldItem group = connection.Groups[index];
            connection.Groups.RemoveAt(index);
            statement.Rows.AddRange(group.Rows);
            Counts.HeldRecords -= group.Rows.Count;
            if (group.Last > statement.Last)
            {
                statement.Last = group.Last;
            }
        }

        connection.Open = statement;
        Hold(statement.Rows.Count + 1);
    }

    private void AddTableRecord(InstanceState instance, AuditEvent record, long sequence, ICollection<AssembledRecord> output)
    {
        ConnectionState connection = GetConnection(instance, record.ConnectionId);
        if (connection.Open is { } open && open.First.QueryId == record.QueryId)
        {
            open.Rows.Add(record);
            open.Touch(record.Timestamp);
            Hold(1);
            return;
        }

        CloseOpen(connection, output);
        int index = connection.FindGroup(record.QueryId);
        if (index >= 0)
        {
            connection.Groups[index].Rows.Add(record);
            connection.Groups[index].Touch(record.Timestamp);
        }
        else
        {
            var group = new HeldItem(record, sequence);
            group.Rows.Add(record);
            connection.Groups.Add(group);
            if (connection.Groups.Count > _options.MaxHeldGroupsPerConnection)
            {
                HeldItem oldest = connection.Groups[0];
                connection.Groups.RemoveAt(0);
                Counts.ClosedByGroupLimit++;
                Emit(oldest, output);
            }
        }

        Hold(1);
    }

    private void AddPassThrough(InstanceState instance, AuditEvent record, ICollection<AssembledRecord> output)
    {
        if (instance.Connections.TryGetValue(record.ConnectionId, out ConnectionState? connection))
        {
            CloseOpen(connection, output);

            // These events start or end a connection, so no QUERY record can come for the held table records.
            if (record.Operation is AuditOperation.Connect or AuditOperation.FailedConnect or AuditOperation.Disconnect)
            {
                foreach (HeldItem group in connection.Groups)
                {
                    Emit(group, output);
                }

                connection.Groups.Clear();
            }

            if (connection.IsEmpty)
            {
                instance.Connections.Remove(record.ConnectionId);
            }
        }

        Counts.PassedThroughEvents++;
        output.Add(AssembledRecord.FromEvent(record));
    }

    private void CloseOpen(ConnectionState connection, ICollection<AssembledRecord> output)
    {
        if (connection.Open is { } open)
        {
            connection.Open = null;
            Emit(open, output);
        }
    }

    /// <summary>Closes what the instance's clock has passed by the horizon; drops connections that hold nothing.</summary>
    private void Sweep(InstanceState instance, ICollection<AssembledRecord> output)
    {
        instance.LastSweep = instance.Clock;
        DateTimeOffset limit = instance.Clock - _options.Horizon;
        List<long>? emptied = null;
        foreach ((long id, ConnectionState connection) in instance.Connections)
        {
            if (connection.Open is { } open && open.Last < limit)
            {
                _closing.Add(open);
                connection.Open = null;
            }

            for (int i = connection.Groups.Count - 1; i >= 0; i--)
            {
                if (connection.Groups[i].Last < limit)
                {
                    _closing.Add(connection.Groups[i]);
                    connection.Groups.RemoveAt(i);
                }
            }

            if (connection.IsEmpty)
            {
                (emptied ??= []).Add(id);
            }
        }

        if (emptied is not null)
        {
            foreach (long id in emptied)
            {
                instance.Connections.Remove(id);
            }
        }

        Counts.ClosedByHorizon += _closing.Count;
        EmitClosing(output);
    }

    private void EmitClosing(ICollection<AssembledRecord> output)
    {
        _closing.Sort(static (left, right) => left.Sequence.CompareTo(right.Sequence));
        foreach (HeldItem item in _closing)
        {
            Emit(item, output);
        }

        _closing.Clear();
    }

    private void Emit(HeldItem item, ICollection<AssembledRecord> output)
    {
        AuditEvent first = item.First;
        bool orphan = first.Operation != AuditOperation.Query;
        var tables = new TableAccess[item.Rows.Count];
        for (int i = 0; i < tables.Length; i++)
        {
            AuditEvent row = item.Rows[i];
            tables[i] = new TableAccess(row.Operation, row.Database, row.ObjectText);
        }

        AuditStatement statement;
        if (orphan)
        {
            statement = new AuditStatement(first, tables) { OrphanTables = item.Rows.ToArray() };
            Counts.OrphanGroups++;
            Counts.OrphanTableRecords += tables.Length;
            Counts.HeldRecords -= tables.Length;
        }
        else
        {
            statement = new AuditStatement(first, tables);
            Counts.Statements++;
            Counts.JoinedTableRecords += tables.Length;
            Counts.HeldRecords -= tables.Length + 1;
        }

        output.Add(AssembledRecord.FromStatement(statement));
    }

    private void Hold(int records)
    {
        Counts.HeldRecords += records;
        if (Counts.HeldRecords > Counts.MaxHeldRecords)
        {
            Counts.MaxHeldRecords = Counts.HeldRecords;
        }
    }

    private InstanceState GetInstance(string name)
    {
        if (!_instances.TryGetValue(name, out InstanceState? instance))
        {
            instance = new InstanceState();
            _instances.Add(name, instance);
        }

        return instance;
    }

    private static ConnectionState GetConnection(InstanceState instance, long connectionId)
    {
        if (!instance.Connections.TryGetValue(connectionId, out ConnectionState? connection))
        {
            connection = new ConnectionState();
            instance.Connections.Add(connectionId, connection);
        }

        return connection;
    }

    private sealed class InstanceState
    {
        public DateTimeOffset Clock { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastSweep { get; set; } = DateTimeOffset.MinValue;

        public Dictionary<long, ConnectionState> Connections { get; } = [];
    }

    private sealed class ConnectionState
    {
        /// <summary>The statement whose QUERY record was seen and which may still get table records.</summary>
        public HeldItem? Open { get; set; }

        /// <summary>Table records without a QUERY record, one group per query id, oldest first.</summary>
        public List<HeldItem> Groups { get; } = [];

        public bool IsEmpty => Open is null && Groups.Count == 0;

        public int FindGroup(long queryId)
        {
            for (int i = 0; i < Groups.Count; i++)
            {
                if (Groups[i].First.QueryId == queryId)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>A statement in progress or a group of table records, with its table records in log order.</summary>
    private sealed partial class HeldItem(AuditEvent first, long sequence)
    {
        /// <summary>The QUERY record of a statement, or the first table record of a group.</summary>
        public AuditEvent First { get; } = first;

        /// <summary>Position in the input of <see cref="First"/>; orders items closed together.</summary>
        public long Sequence { get; } = sequence;

        public List<AuditEvent> Rows { get; } = [];

        /// <summary>The latest timestamp among the item's records.</summary>
        public DateTimeOffset Last { get; set; } = first.Timestamp;

        public void Touch(DateTimeOffset timestamp)
        {
            if (timestamp > Last)
            {
                Last = timestamp;
            }
        }
    }
}
