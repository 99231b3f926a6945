using NUnit.Framework;
using QueryAudit.Core.Audit;
using static QueryAudit.Core.Tests.Audit.AuditTestLines;

namespace QueryAudit.Core.Tests.Audit;

public class StatementAssemblerTests
{
    [Test]
    public void Assemble_TablesBeforeQuery_JoinsThem()
    {
        List<AssembledRecord> items = Assemble(
            "20261204 19:51:11,vm,root,localhost,4,0,CONNECT,,,0",
            "20261204 19:51:11,vm,root,localhost,4,3,WRITE,mysql,db,",
            "20261204 19:51:11,vm,root,localhost,4,3,WRITE,mysql,global_priv,",
            "20261204 19:51:11,vm,root,localhost,4,3,QUERY,mysql,'GRANT ALL PRIVILEGES ON *.* TO \\'admin\\'@\\'%\\' WITH GRANT OPTION',0",
            "20261204 19:51:11,vm,root,localhost,4,0,DISCONNECT,,,0");

        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "event CONNECT 4",
            "statement 4/3 [Write mysql.db, Write mysql.global_priv]",
            "event DISCONNECT 4",
        }));
    }

    [Test]
    public void Assemble_TablesAfterQuery_JoinsThem()
    {
        // Aurora's 2020 sample has CREATE before QUERY; the join must not depend on which comes first.
        List<AssembledRecord> items = Assemble(
            "1603439251360772,database-1-instance-1,admin,192.0.2.10,30,966941,QUERY,world,'CREATE TABLE customers (C_Id INT)',0",
            "1603439251360800,database-1-instance-1,admin,192.0.2.10,30,966941,CREATE,world,customers,",
            "1603439251360900,database-1-instance-1,admin,192.0.2.10,30,966942,QUERY,world,'SELECT 1',0");

        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "statement 30/966941 [Create world.customers]",
            "statement 30/966942 []",
        }));
    }

    [Test]
    public void Assemble_InterleavedConnections_KeepsEachConnectionsRows()
    {
        List<AssembledRecord> items = Assemble(
            "20261204 19:55:00,vm,app_billing,127.0.0.1,60,500,READ,billing,customers,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,61,501,WRITE,billing,invoices,",
            "20261204 19:55:00,vm,app_billing,127.0.0.1,60,500,QUERY,billing,'SELECT * FROM customers',0",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,61,501,QUERY,billing,'UPDATE invoices SET status = \\'PAID\\'',0",
            "20261204 19:55:01,vm,app_billing,127.0.0.1,60,502,QUERY,billing,'COMMIT',0",
            "20261204 19:55:01,vm,dba_bob,127.0.0.1,61,0,DISCONNECT,billing,,0");

        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "statement 60/500 [Read billing.customers]",
            "statement 61/501 [Write billing.invoices]",
            "event DISCONNECT 61",
            "statement 60/502 []",
        }));
    }

    [Test]
    public void Assemble_TwoInstances_KeptApart()
    {
        var parser = new AuditLineParser();
        AuditEvent[] records =
        [
            parser.Parse(Raw("1796414000000000,vm,dba_bob,127.0.0.1,7,900,WRITE,billing,invoices,", instance: "instance-1")).Event!,
            parser.Parse(Raw("1796414000000001,vm,dba_bob,127.0.0.1,7,900,READ,billing,customers,", instance: "instance-2")).Event!,
            parser.Parse(Raw("1796414000000002,vm,dba_bob,127.0.0.1,7,900,QUERY,billing,'UPDATE invoices SET x = 1',0", instance: "instance-1")).Event!,
            parser.Parse(Raw("1796414000000003,vm,dba_bob,127.0.0.1,7,900,QUERY,billing,'SELECT * FROM customers',0", instance: "instance-2")).Event!,
        ];

        List<AssembledRecord> items = StatementAssembler.Assemble(records).ToList();

        Assert.That(items.Select(i => (i.Record.Instance, i.Statement!.Tables.Single().Table)), Is.EqualTo(new[]
        {
            ("instance-1", "invoices"),
            ("instance-2", "customers"),
        }));
    }

    [Test]
    public void Assemble_StoredProcedureCall_JoinsEarlyTableRow()
    {
        // Connection 25 of the real capture logs 29 statements: the CALL's READ mysql.proc row comes first, then
        // the 27 statements of the procedure's body with their own query ids, the CALL's QUERY row, and a SELECT.
        List<AuditEvent> connection = ReadFixtureConnection(25);

        var assembler = new StatementAssembler();
        var items = new List<AssembledRecord>();
        foreach (AuditEvent record in connection)
        {
            assembler.Add(record, items);
        }

        assembler.Complete(items);

        List<AuditStatement> statements = items.Where(i => i.IsStatement).Select(i => i.Statement!).ToList();
        AuditStatement call = statements.Single(s => s.Query.ObjectText.StartsWith("CALL ", StringComparison.Ordinal));
        List<AuditStatement> body = statements.Where(s => s.Query.ObjectText.Contains("NAME_CONST", StringComparison.Ordinal)).ToList();
        Assert.That(connection, Has.Count.EqualTo(62));
        Assert.That(items.Count(i => i.IsOrphan), Is.Zero);
        Assert.That(call.Query.QueryId, Is.EqualTo(91183));
        Assert.That(call.Tables, Is.EqualTo(new[] { new TableAccess(AuditOperation.Read, "mysql", "proc") }));
        Assert.That(statements, Has.Count.EqualTo(29));
        Assert.That(body, Has.Count.EqualTo(27));
        Assert.That(body.All(s => s.Query.QueryId > call.Query.QueryId), Is.True);
        Assert.That(body.Take(26).All(s => s.Tables.Count == 1 && s.Tables[0].Table == "invoices"), Is.True);
        Assert.That(body[26].Tables.Select(t => t.Table), Is.EqualTo(new[] { "ops_audit_trail", "table_stats", "column_stats", "index_stats" }));
        Assert.That(items.Take(items.Count - 1).Select(i => i.Record.QueryId), Is.Ordered.Using(new LogOrderOfConnection25()), "statements come out in the log order of their QUERY rows");
        Assert.That(items[0].Event?.Operation, Is.EqualTo(AuditOperation.Connect));
        Assert.That(items[^1].Event?.Operation, Is.EqualTo(AuditOperation.Disconnect));
        Assert.That(items.IndexOf(items.Single(i => i.Statement == call)), Is.EqualTo(28), "the CALL comes after the CONNECT and its 27 body statements");
        Assert.That(assembler.Counts.HeldRecords, Is.Zero);
    }

    [Test]
    public void Assemble_TablesWithoutQuery_OrphansAtDisconnect()
    {
        List<AssembledRecord> items = Assemble(
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,WRITE,billing,invoices,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,READ,billing,customers,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,801,QUERY,billing,'SELECT 1',0",
            "20261204 19:55:01,vm,dba_bob,127.0.0.1,70,0,DISCONNECT,billing,,0");

        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "statement 70/801 []",
            "orphan 70/800 [Write billing.invoices, Read billing.customers]",
            "event DISCONNECT 70",
        }));
        AuditStatement orphan = items[1].Statement!;
        Assert.That(orphan.OrphanTables.Select(t => t.Source.Line), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(orphan.Query, Is.SameAs(orphan.OrphanTables[0]));
    }

    [Test]
    public void Assemble_TablesWithoutQuery_OrphansAtEnd()
    {
        var assembler = new StatementAssembler();
        var items = new List<AssembledRecord>();
        foreach (AuditEvent record in ParseAll(
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,WRITE,billing,invoices,",
            "20261204 19:55:00,vm,app,127.0.0.1,71,802,QUERY,billing,'SELECT 2',0"))
        {
            assembler.Add(record, items);
        }

        Assert.That(items, Is.Empty, "nothing is complete before the input ends");

        assembler.Complete(items);

        Assert.That(Describe(items), Is.EqualTo(new[] { "orphan 70/800 [Write billing.invoices]", "statement 71/802 []" }));
        Assert.That(assembler.Counts.OrphanGroups, Is.EqualTo(1));
        Assert.That(assembler.Counts.OrphanTableRecords, Is.EqualTo(1));
        Assert.That(assembler.Counts.Statements, Is.EqualTo(1));
        Assert.That(assembler.Counts.HeldRecords, Is.Zero);
        Assert.That(assembler.Counts.MaxHeldRecords, Is.EqualTo(2));
    }

    [Test]
    public void Assemble_ClockPassesHorizon_ClosesHeldItems()
    {
        var assembler = new StatementAssembler(new StatementAssemblerOptions { Horizon = TimeSpan.FromSeconds(60) });
        var items = new List<AssembledRecord>();
        List<AuditEvent> records = ParseAll(
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,WRITE,billing,invoices,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,71,801,QUERY,billing,'SELECT 1',0",
            "20261204 19:56:00,vm,app,127.0.0.1,72,900,QUERY,billing,'SELECT 2',0",
            "20261204 19:56:01,vm,app,127.0.0.1,72,901,QUERY,billing,'SELECT 3',0");

        assembler.Add(records[0], items);
        assembler.Add(records[1], items);
        assembler.Add(records[2], items);
        Assert.That(items, Is.Empty, "60 seconds is not more than the horizon");

        assembler.Add(records[3], items);
        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "orphan 70/800 [Write billing.invoices]",
            "statement 71/801 []",
            "statement 72/900 []",
        }));
        Assert.That(assembler.Counts.ClosedByHorizon, Is.EqualTo(2));
    }

    [Test]
    public void Assemble_GroupLimit_EmitsOldestOrphan()
    {
        var assembler = new StatementAssembler(new StatementAssemblerOptions { MaxHeldGroupsPerConnection = 2 });
        var items = new List<AssembledRecord>();
        foreach (AuditEvent record in ParseAll(
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,1,READ,billing,a,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,2,READ,billing,b,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,3,READ,billing,c,"))
        {
            assembler.Add(record, items);
        }

        Assert.That(Describe(items), Is.EqualTo(new[] { "orphan 70/1 [Read billing.a]" }));
        Assert.That(assembler.Counts.ClosedByGroupLimit, Is.EqualTo(1));
    }

    [Test]
    public void Assemble_ConnectionEvents_PassThroughInLogOrder()
    {
        List<AssembledRecord> items = Assemble(
            "20261204 19:56:10,vm,nobody,127.0.0.1,80,0,FAILED_CONNECT,,,1045",
            "20261204 19:56:10,vm,nobody,127.0.0.1,80,0,DISCONNECT,,,0",
            "20261204 19:56:11,vm,dba_bob,127.0.0.1,81,0,CONNECT,billing,,0",
            "20261204 19:56:11,vm,dba_bob,127.0.0.1,81,950,QUERY,billing,'SELECT 1',0",
            "20261204 19:56:11,vm,dba_carol,127.0.0.1,81,0,CHANGEUSER,billing,,0",
            "20261204 19:56:12,vm,dba_carol,127.0.0.1,81,951,AUDIT_NOTE,billing,'x',0",
            "20261204 19:56:12,vm,dba_carol,127.0.0.1,81,0,DISCONNECT,billing,,0");

        Assert.That(Describe(items), Is.EqualTo(new[]
        {
            "event FAILED_CONNECT 80",
            "event DISCONNECT 80",
            "event CONNECT 81",
            "statement 81/950 []",
            "event CHANGEUSER 81",
            "event AUDIT_NOTE 81",
            "event DISCONNECT 81",
        }));
        Assert.That(items[5].Event!.Operation, Is.EqualTo(AuditOperation.Unknown));
    }

    [Test]
    public void Assemble_EmptyDatabase_IsKeptAndMarked()
    {
        List<AssembledRecord> items = Assemble("20261204 19:51:12,vm,admin,127.0.0.1,5,5,QUERY,,'CREATE DATABASE billing',0");

        Assert.That(items.Single().Statement!.NoDatabase, Is.True);
    }

    [Test]
    public void Assemble_SameInputTwice_GivesSameOutput()
    {
        string[] lines = ReadFixtureLines().Take(5000).ToArray();

        List<string> first = Describe(Assemble(lines));
        List<string> second = Describe(Assemble(lines));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Has.Count.GreaterThan(1000));
    }

    [Test]
    public async Task AssembleAsync_StreamsSameItemsAsAssemble()
    {
        List<AuditEvent> records = ParseAll(
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,WRITE,billing,invoices,",
            "20261204 19:55:00,vm,dba_bob,127.0.0.1,70,800,QUERY,billing,'UPDATE invoices SET x = 1',0",
            "20261204 19:55:01,vm,dba_bob,127.0.0.1,70,0,DISCONNECT,billing,,0");

        var streamed = new List<AssembledRecord>();
        await foreach (AssembledRecord item in StatementAssembler.AssembleAsync(records.ToAsyncEnumerable()))
        {
            streamed.Add(item);
        }

        Assert.That(Describe(streamed), Is.EqualTo(Describe(StatementAssembler.Assemble(records).ToList())));
    }

    [Test]
    public void Options_InvalidValues_AreRejectedWithName()
    {
        Assert.That(() => new StatementAssembler(new StatementAssemblerOptions { Horizon = TimeSpan.Zero }),
            Throws.ArgumentException.With.Message.Contains("Horizon"));
        Assert.That(() => new StatementAssembler(new StatementAssemblerOptions { MaxHeldGroupsPerConnection = 0 }),
            Throws.ArgumentException.With.Message.Contains("MaxHeldGroupsPerConnection"));
    }

    private static List<AssembledRecord> Assemble(params string[] lines) => StatementAssembler.Assemble(ParseAll(lines)).ToList();

    private static List<string> Describe(IEnumerable<AssembledRecord> items) => items.Select(Describe).ToList();

    private static string Describe(AssembledRecord item)
    {
        if (item.Event is { } auditEvent)
        {
            return $"event {auditEvent.OperationText} {auditEvent.ConnectionId}";
        }

        AuditStatement statement = item.Statement!;
        string tables = string.Join(", ", statement.Tables.Select(t => $"{t.Operation} {t.Database}.{t.Table}"));
        return $"{(item.IsOrphan ? "orphan" : "statement")} {statement.Query.ConnectionId}/{statement.Query.QueryId} [{tables}]";
    }

    private static IEnumerable<string> ReadFixtureLines()
    {
        foreach (IAuditLineSource source in AuditInputs.Expand([Path.Combine(RepositoryPaths.FixtureLogs, "mariadb")]).Sources)
        {
            foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None).ToBlockingEnumerable())
            {
                yield return System.Text.Encoding.UTF8.GetString(line.Bytes.Span);
            }
        }
    }

    private static List<AuditEvent> ReadFixtureConnection(long connectionId)
    {
        var parser = new AuditLineParser();
        var records = new List<AuditEvent>();
        foreach (IAuditLineSource source in AuditInputs.Expand([Path.Combine(RepositoryPaths.FixtureLogs, "mariadb")]).Sources)
        {
            foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None).ToBlockingEnumerable())
            {
                AuditEvent? record = parser.Parse(line).Event;
                if (record?.ConnectionId == connectionId)
                {
                    records.Add(record);
                }
            }
        }

        return records;
    }

    /// <summary>Orders connection 25's items as the log orders its QUERY rows: body statements by query id, then the CALL, then the last SELECT.</summary>
    private sealed class LogOrderOfConnection25 : IComparer<long>
    {
        public int Compare(long x, long y) => Rank(x).CompareTo(Rank(y));

        private static long Rank(long queryId) => queryId switch
        {
            0 => 0, // CONNECT first; DISCONNECT is checked separately
            91183 => 92492, // the CALL's QUERY row comes after body query id 92491
            _ => queryId,
        };
    }
}
