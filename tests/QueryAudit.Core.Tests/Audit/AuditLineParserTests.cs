using System.Globalization;
using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;
using static QueryAudit.Core.Tests.Audit.AuditTestLines;

namespace QueryAudit.Core.Tests.Audit;

public class AuditLineParserTests
{
    // Public sample lines (personal data replaced by documentation addresses) and lines of the real MariaDB
    // 10.11 capture in sql-fixtures/logs.
    [TestCase("1603442208508100,database-1-instance-1,admin,192.0.2.10,50,0,CONNECT,,,0",
        "2020-10-23T08:36:48.5081000Z", "database-1-instance-1", "admin", "192.0.2.10", 50L, 0L, AuditOperation.Connect, "", "", 0, AuditLogFormat.Aurora)]
    [TestCase("1603438736650167,database-1-instance-1,admin,192.0.2.10,30,964317,QUERY,world,'create database mysqldemo',0",
        "2020-10-23T07:38:56.6501670Z", "database-1-instance-1", "admin", "192.0.2.10", 30L, 964317L, AuditOperation.Query, "world", "create database mysqldemo", 0, AuditLogFormat.Aurora)]
    [TestCase("1603439251354761,database-1-instance-1,admin,192.0.2.10,30,966941,CREATE,world,customers,",
        "2020-10-23T07:47:31.3547610Z", "database-1-instance-1", "admin", "192.0.2.10", 30L, 966941L, AuditOperation.Create, "world", "customers", null, AuditLogFormat.Aurora)]
    [TestCase("1603439251360772,database-1-instance-1,admin,192.0.2.10,30,966941,QUERY,world,'CREATE TABLE customers (   C_Id INT,   Name varchar(50),   Address varchar(255),   Phone varchar(20) )',0",
        "2020-10-23T07:47:31.3607720Z", "database-1-instance-1", "admin", "192.0.2.10", 30L, 966941L, AuditOperation.Query, "world", "CREATE TABLE customers (   C_Id INT,   Name varchar(50),   Address varchar(255),   Phone varchar(20) )", 0, AuditLogFormat.Aurora)]
    [TestCase("1653053459680124,cluster-a-instance-1,admin,198.51.100.7,35,698024,WRITE,testdb,test2,0",
        "2022-05-20T13:30:59.6801240Z", "cluster-a-instance-1", "admin", "198.51.100.7", 35L, 698024L, AuditOperation.Write, "testdb", "test2", 0, AuditLogFormat.Aurora)]
    [TestCase("1638806583399975,aurora-b-instance-1,admin,192.0.2.20,2955,11590217,QUERY,,'SELECT current_user()',0",
        "2021-12-06T16:03:03.3999750Z", "aurora-b-instance-1", "admin", "192.0.2.20", 2955L, 11590217L, AuditOperation.Query, "", "SELECT current_user()", 0, AuditLogFormat.Aurora)]
    [TestCase("1703817810076799,aurora-mysql-instance-1,rdsadmin,localhost,223170,20070834,QUERY,,'SET SESSION wait_timeout=28800,SESSION time_zone=\\'+00:00\\',SESSION sql_mode=0,SESSION autocommit=1',0",
        "2023-12-29T02:43:30.0767990Z", "aurora-mysql-instance-1", "rdsadmin", "localhost", 223170L, 20070834L, AuditOperation.Query, "", "SET SESSION wait_timeout=28800,SESSION time_zone='+00:00',SESSION sql_mode=0,SESSION autocommit=1", 0, AuditLogFormat.Aurora)]
    [TestCase("1626329400410570,database-20210715-instance-1,rdsadmin,localhost,5,0,CONNECT,,,0",
        "2021-07-15T06:10:00.4105700Z", "database-20210715-instance-1", "rdsadmin", "localhost", 5L, 0L, AuditOperation.Connect, "", "", 0, AuditLogFormat.Aurora)]
    [TestCase("20210715 05:45:55,ip-10-0-0-1,rdsadmin,localhost,36469,0,CONNECT,,,0",
        "2021-07-15T05:45:55.0000000Z", "ip-10-0-0-1", "rdsadmin", "localhost", 36469L, 0L, AuditOperation.Connect, "", "", 0, AuditLogFormat.MariaDb)]
    [TestCase("20160502 11:03:07,ip-10-0-0-2,awsuser,192.0.2.30,14,935,QUERY,,'show variables like \\'%AUDIT%\\'',0",
        "2016-05-02T11:03:07.0000000Z", "ip-10-0-0-2", "awsuser", "192.0.2.30", 14L, 935L, AuditOperation.Query, "", "show variables like '%AUDIT%'", 0, AuditLogFormat.MariaDb)]
    [TestCase("20240323 13:36:08,ip-10-0-0-3,rdsadmin,localhost,4,149868,QUERY,,'INSERT INTO mysql.rds_heartbeat2(id, value) values (1,1711200968676) ON DUPLICATE KEY UPDATE value = 1711200968676',0,,",
        "2024-03-23T13:36:08.0000000Z", "ip-10-0-0-3", "rdsadmin", "localhost", 4L, 149868L, AuditOperation.Query, "", "INSERT INTO mysql.rds_heartbeat2(id, value) values (1,1711200968676) ON DUPLICATE KEY UPDATE value = 1711200968676", 0, AuditLogFormat.RdsMySql)]
    [TestCase("20200720 16:37:59,ip-10-0-0-4,admin,192.0.2.40,305230,0,DISCONNECT,rdslogstest,,0",
        "2020-07-20T16:37:59.0000000Z", "ip-10-0-0-4", "admin", "192.0.2.40", 305230L, 0L, AuditOperation.Disconnect, "rdslogstest", "", 0, AuditLogFormat.MariaDb)]
    [TestCase("20200720 16:38:00,ip-10-0-0-4,rdsadmin,localhost,26,47141561040897,QUERY,mysql,'SELECT count(*) from mysql.rds_history WHERE action = \\'disable set master\\' ORDER BY action_timestamp LIMIT 1',0",
        "2020-07-20T16:38:00.0000000Z", "ip-10-0-0-4", "rdsadmin", "localhost", 26L, 47141561040897L, AuditOperation.Query, "mysql", "SELECT count(*) from mysql.rds_history WHERE action = 'disable set master' ORDER BY action_timestamp LIMIT 1", 0, AuditLogFormat.MariaDb)]
    [TestCase("20221201 14:07:05,ip-10-0-0-5,rdsadmin,localhost,821,0,CONNECT,,,0,SOCKET",
        "2022-12-01T14:07:05.0000000Z", "ip-10-0-0-5", "rdsadmin", "localhost", 821L, 0L, AuditOperation.Connect, "", "", 0, AuditLogFormat.RdsMySql)]
    [TestCase("20261204 19:51:11,vm,root,localhost,4,2,QUERY,mysql,'CREATE USER \\'admin\\'@\\'%\\' IDENTIFIED BY *****',0",
        "2026-12-04T19:51:11.0000000Z", "vm", "root", "localhost", 4L, 2L, AuditOperation.Query, "mysql", "CREATE USER 'admin'@'%' IDENTIFIED BY *****", 0, AuditLogFormat.MariaDb)]
    [TestCase("20261204 19:51:11,vm,root,localhost,4,2,WRITE,mysql,global_priv,",
        "2026-12-04T19:51:11.0000000Z", "vm", "root", "localhost", 4L, 2L, AuditOperation.Write, "mysql", "global_priv", null, AuditLogFormat.MariaDb)]
    [TestCase("20261204 19:54:27,vm,dba_bob,127.0.0.1,44,157153,RENAME,billing,tmp_bob_scratch|billing.tmp_bob_scratch_old,",
        "2026-12-04T19:54:27.0000000Z", "vm", "dba_bob", "127.0.0.1", 44L, 157153L, AuditOperation.Rename, "billing", "tmp_bob_scratch|billing.tmp_bob_scratch_old", null, AuditLogFormat.MariaDb)]
    [TestCase("20261204 19:55:03,vm,dba_bob,127.0.0.1,52,0,CONNECT,billing,,0",
        "2026-12-04T19:55:03.0000000Z", "vm", "dba_bob", "127.0.0.1", 52L, 0L, AuditOperation.Connect, "billing", "", 0, AuditLogFormat.MariaDb)]
    [TestCase("20261204 19:53:05,vm,dba_alice,%,25,91190,WRITE,billing,invoices,",
        "2026-12-04T19:53:05.0000000Z", "vm", "dba_alice", "%", 25L, 91190L, AuditOperation.Write, "billing", "invoices", null, AuditLogFormat.MariaDb)]
    [TestCase("1796413871000000,vm,root,localhost,4,2,WRITE,mysql,db,",
        "2026-12-04T19:51:11.0000000Z", "vm", "root", "localhost", 4L, 2L, AuditOperation.Write, "mysql", "db", null, AuditLogFormat.Aurora)]
    [TestCase("1796413987000000,vm,dba_bob,127.0.0.1,25,91183,QUERY,billing,'CALL close_overdue_invoices(\\'2026-11-30 23:59:59\\', @closed)',0",
        "2026-12-04T19:53:07.0000000Z", "vm", "dba_bob", "127.0.0.1", 25L, 91183L, AuditOperation.Query, "billing", "CALL close_overdue_invoices('2026-11-30 23:59:59', @closed)", 0, AuditLogFormat.Aurora)]
    [TestCase("1796414016000000,vm,dba_bob,127.0.0.1,29,0,FAILED_CONNECT,,,1045",
        "2026-12-04T19:53:36.0000000Z", "vm", "dba_bob", "127.0.0.1", 29L, 0L, AuditOperation.FailedConnect, "", "", 1045, AuditLogFormat.Aurora)]
    [TestCase("1796414055000000,vm,dba_bob,127.0.0.1,42,148143,QUERY,billing,'SET GLOBAL server_audit_excl_users = \\'\\'',0",
        "2026-12-04T19:54:15.0000000Z", "vm", "dba_bob", "127.0.0.1", 42L, 148143L, AuditOperation.Query, "billing", "SET GLOBAL server_audit_excl_users = ''", 0, AuditLogFormat.Aurora)]
    public void Parse_RealLine_ReadsEveryField(
        string line, string timestamp, string instance, string user, string host, long connectionId, long queryId,
        AuditOperation operation, string database, string objectText, int? retCode, AuditLogFormat format)
    {
        AuditParseResult result = new AuditLineParser().Parse(Raw(line, 7));

        Assert.That(result.Quarantined, Is.Null, () => result.Quarantined!.Reason);
        AuditEvent parsed = result.Event!;
        Assert.That(parsed.Timestamp, Is.EqualTo(DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture)));
        Assert.That(parsed.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(parsed.Instance, Is.EqualTo(instance));
        Assert.That(parsed.ServerHost, Is.EqualTo(instance));
        Assert.That(parsed.User, Is.EqualTo(user));
        Assert.That(parsed.Host, Is.EqualTo(host));
        Assert.That(parsed.ClientPort, Is.Null);
        Assert.That(parsed.ConnectionId, Is.EqualTo(connectionId));
        Assert.That(parsed.QueryId, Is.EqualTo(queryId));
        Assert.That(parsed.Operation, Is.EqualTo(operation));
        Assert.That(parsed.Database, Is.EqualTo(database));
        Assert.That(parsed.ObjectText, Is.EqualTo(objectText));
        Assert.That(parsed.RetCode, Is.EqualTo(retCode));
        Assert.That(parsed.Format, Is.EqualTo(format));
        Assert.That(parsed.Truncated, Is.False);
        Assert.That(parsed.SecondResolution, Is.EqualTo(format != AuditLogFormat.Aurora));
        Assert.That(parsed.Source, Is.EqualTo(new SourcePosition(TestSource, 7)));
    }

    [TestCase("'SELECT \\'a\\', \"b,c\", d FROM t'", "SELECT 'a', \"b,c\", d FROM t")]
    [TestCase("'UPDATE invoices\\n       SET status = \\'OVERDUE\\'\\r\\n'", "UPDATE invoices\n       SET status = 'OVERDUE'\r\n")]
    [TestCase("'SELECT \\'bs:\\b|ff:\\f|tab:\\t\\''", "SELECT 'bs:\b|ff:\f|tab:\t'")]
    [TestCase("'SELECT \\'C:\\\\Users\\\\bob\\''", "SELECT 'C:\\Users\\bob'")]
    [TestCase("'SELECT \\'O\\'\\'Reilly and O\\\\\\'Neil\\''", "SELECT 'O''Reilly and O\\'Neil'")]
    [TestCase("'SELECT 1 -- it''s raw'", "SELECT 1 -- it''s raw")]
    [TestCase("'SELECT \\x41'", "SELECT \\x41")]
    [TestCase("''", "")]
    [TestCase("'/* mysql-connector-java-5.1.48 ( Revision: … ) */SELECT  @@session.auto_increment_increment AS auto_increment_increment'", "/* mysql-connector-java-5.1.48 ( Revision: … ) */SELECT  @@session.auto_increment_increment AS auto_increment_increment")]
    [TestCase("'INSERT INTO notes VALUES (\\'担当者：田中\\')'", "INSERT INTO notes VALUES ('担当者：田中')")]
    public void Parse_QueryText_DecodesEscapes(string quotedObject, string expected)
    {
        AuditEvent parsed = ParseAll($"20261204 19:55:11,vm,dba_bob,127.0.0.1,53,192390,QUERY,billing,{quotedObject},0")[0];

        Assert.That(parsed.ObjectText, Is.EqualTo(expected));
        Assert.That(parsed.RetCode, Is.Zero);
    }

    [Test]
    public void Parse_ControlBytes_KeepsRawBytesIncludingNul()
    {
        // The real capture's line: SOH, ESC, VT, DEL and NUL are written raw; BS, FF and CR as escapes.
        byte[] line = Encoding.UTF8.GetBytes("20261204 19:55:11,vm,dba_bob,127.0.0.1,53,192390,QUERY,billing,'SELECT \\'ctl:\u0001|esc:\u001b|vt:\u000b|del:\u007f|bs:\\b|ff:\\f|cr:\\r|nul:\0|end\\' AS control_chars',0");

        AuditParseResult result = new AuditLineParser().Parse(Raw(line));

        Assert.That(result.Event?.ObjectText, Is.EqualTo("SELECT 'ctl:\u0001|esc:\u001b|vt:\u000b|del:\u007f|bs:\b|ff:\f|cr:\r|nul:\0|end' AS control_chars"));
    }

    [Test]
    public void Parse_InvalidUtf8_ReplacesWithReplacementCharacter()
    {
        byte[] line = [.. "20261204 19:55:11,vm,app,127.0.0.1,53,1,QUERY,billing,'SELECT \\'caf"u8, 0xE9, .. "\\' FROM t',0"u8];

        AuditParseResult result = new AuditLineParser().Parse(Raw(line));

        Assert.That(result.Event?.ObjectText, Is.EqualTo("SELECT 'caf\uFFFD' FROM t"));
        Assert.That(result.Event?.Truncated, Is.False);
    }

    [TestCase("20250301 10:00:00,db1,app,192.0.2.5:53412,9,10,CONNECT,,,0", "192.0.2.5", 53412)]
    [TestCase("20250301 10:00:00,db1,app,app-host.example:3306,9,10,CONNECT,,,0", "app-host.example", 3306)]
    [TestCase("20250301 10:00:00,db1,app,[2001:db8::1]:40000,9,10,CONNECT,,,0", "2001:db8::1", 40000)]
    [TestCase("20250301 10:00:00,db1,app,2001:db8::1,9,10,CONNECT,,,0", "2001:db8::1", null)]
    [TestCase("20250301 10:00:00,db1,app,::1,9,10,CONNECT,,,0", "::1", null)]
    [TestCase("20250301 10:00:00,db1,app,localhost,9,10,CONNECT,,,0", "localhost", null)]
    [TestCase("20250301 10:00:00,db1,app,192.0.2.5:99999,9,10,CONNECT,,,0", "192.0.2.5:99999", null)]
    public void Parse_HostWithPort_SplitsMariaDb12Host(string line, string host, int? port)
    {
        AuditEvent parsed = ParseAll(line)[0];

        Assert.That(parsed.Host, Is.EqualTo(host));
        Assert.That(parsed.ClientPort, Is.EqualTo(port));
    }

    [TestCase("20261204 19:51:30,vm,nobody,127.0.0.1,12,0,FAILED_CONNECT,,,1045", AuditOperation.FailedConnect, 1045)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,0,CHANGEUSER,billing,,0", AuditOperation.ChangeUser, 0)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,0,PROXY_CONNECT,billing,,0", AuditOperation.ProxyConnect, 0)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,DROP,billing,tmp_old,", AuditOperation.Drop, null)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,ALTER,billing,invoices,", AuditOperation.Alter, null)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,READ,billing,invoices,0", AuditOperation.Read, 0)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,QUERY,billing,'SELECT nope',1146", AuditOperation.Query, 1146)]
    [TestCase("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,QUERY,billing,'SELECT nope',-1", AuditOperation.Query, -1)]
    public void Parse_Operation_MapsNameAndRetCode(string line, AuditOperation operation, int? retCode)
    {
        AuditEvent parsed = ParseAll(line)[0];

        Assert.That(parsed.Operation, Is.EqualTo(operation));
        Assert.That(parsed.RetCode, Is.EqualTo(retCode));
    }

    [Test]
    public void Parse_UnknownOperation_KeepsRecordWithText()
    {
        AuditEvent parsed = ParseAll("20261204 19:51:30,vm,dba_bob,127.0.0.1,12,44,QUERY_DDL,billing,'DROP TABLE t',0")[0];

        Assert.That(parsed.Operation, Is.EqualTo(AuditOperation.Unknown));
        Assert.That(parsed.OperationText, Is.EqualTo("QUERY_DDL"));
        Assert.That(parsed.ObjectText, Is.EqualTo("DROP TABLE t"));
    }

    [Test]
    public void Parse_EmptyDatabase_KeepsRecord()
    {
        AuditEvent parsed = ParseAll("20261204 19:51:12,vm,admin,127.0.0.1,5,5,QUERY,,'CREATE DATABASE billing DEFAULT CHARACTER SET utf8mb4',0")[0];

        Assert.That(parsed.Database, Is.Empty);
        Assert.That(parsed.ObjectText, Is.EqualTo("CREATE DATABASE billing DEFAULT CHARACTER SET utf8mb4"));
    }

    [Test]
    public void Parse_InstanceGiven_OverridesServerHost()
    {
        AuditEvent parsed = new AuditLineParser().Parse(Raw("1796413871000000,vm,root,localhost,3,0,CONNECT,,,0", instance: "billing-prod-instance-1")).Event!;

        Assert.That(parsed.Instance, Is.EqualTo("billing-prod-instance-1"));
        Assert.That(parsed.ServerHost, Is.EqualTo("vm"));
    }

    [TestCase("20261205 04:51:13", AuditLogFormat.MariaDb, "2026-12-04T19:51:13Z")]
    [TestCase("20261205 04:51:13", AuditLogFormat.RdsMySql, "2026-12-04T19:51:13Z")]
    [TestCase("20261205 04:51:13", AuditLogFormat.Auto, "2026-12-04T19:51:13Z")]
    [TestCase("20261205 04:51:13", AuditLogFormat.Aurora, "2026-12-05T04:51:13Z")]
    [TestCase("20261201 00:30:00", AuditLogFormat.MariaDb, "2026-11-30T15:30:00Z")]
    [TestCase("1796413873000000", AuditLogFormat.MariaDb, "2026-12-04T19:51:13Z")]
    [TestCase("1796413873000000", AuditLogFormat.Aurora, "2026-12-04T19:51:13Z")]
    public void Parse_LocalTimestamp_ConvertsToUtc(string timestamp, AuditLogFormat format, string expected)
    {
        var parser = new AuditLineParser(new AuditLineParserOptions { LogTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") });

        AuditEvent parsed = parser.Parse(Raw($"{timestamp},vm,app,127.0.0.1,3,0,CONNECT,,,0", format: format)).Event!;

        Assert.That(parsed.Timestamp, Is.EqualTo(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture)));
        Assert.That(parsed.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("20260308 02:30:00", "2026-03-08T07:30:00Z")] // in the spring-forward gap: the base offset (-05:00)
    [TestCase("20261101 01:30:00", "2026-11-01T06:30:00Z")] // in the fall-back overlap: standard time (-05:00)
    [TestCase("20260701 12:00:00", "2026-07-01T16:00:00Z")] // daylight time (-04:00)
    public void Parse_DaylightSavingEdges_UsesDocumentedOffset(string timestamp, string expected)
    {
        var parser = new AuditLineParser(new AuditLineParserOptions { LogTimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York") });

        AuditParseResult result = parser.Parse(Raw($"{timestamp},vm,app,127.0.0.1,3,0,CONNECT,,,0"));

        Assert.That(result.Event?.Timestamp, Is.EqualTo(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Parse_RepeatedSecond_CachedPerZone()
    {
        var parser = new AuditLineParser(new AuditLineParserOptions { LogTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") });
        const string Line = "20261205 04:51:13,vm,app,127.0.0.1,3,0,CONNECT,,,0";

        DateTimeOffset first = parser.Parse(Raw(Line, format: AuditLogFormat.MariaDb)).Event!.Timestamp;
        DateTimeOffset cached = parser.Parse(Raw(Line, format: AuditLogFormat.MariaDb)).Event!.Timestamp;
        DateTimeOffset aurora = parser.Parse(Raw(Line, format: AuditLogFormat.Aurora)).Event!.Timestamp;

        Assert.That(cached, Is.EqualTo(first));
        Assert.That(aurora - first, Is.EqualTo(TimeSpan.FromHours(9)));
    }
}
