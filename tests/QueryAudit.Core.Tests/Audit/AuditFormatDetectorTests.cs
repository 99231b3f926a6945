using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

public class AuditFormatDetectorTests
{
    [TestCase("1603442208508100,database-1-instance-1,admin,192.0.2.10,50,0,CONNECT,,,0", AuditLogFormat.Aurora)]
    [TestCase("20240323 13:36:08,ip-10-0-0-3,rdsadmin,localhost,4,149868,QUERY,,'SELECT 1',0,,", AuditLogFormat.RdsMySql)]
    [TestCase("20221201 14:07:05,ip-10-0-0-5,rdsadmin,localhost,821,0,CONNECT,,,0,SOCKET", AuditLogFormat.RdsMySql)]
    [TestCase("20221201 14:07:05,ip-10-0-0-5,rdsadmin,localhost,821,0,CONNECT,,,0,SOCKET\r", AuditLogFormat.RdsMySql)]
    public void Observe_OneRecord_Decides(string line, AuditLogFormat format)
    {
        var detector = new AuditFormatDetector();

        bool decided = detector.Observe(Encoding.UTF8.GetBytes(line));

        Assert.That(decided, Is.True);
        Assert.That(detector.Format, Is.EqualTo(format));
    }

    [Test]
    public void Observe_MariaDbRecords_DecidesAfterEnoughRecords()
    {
        var detector = new AuditFormatDetector();
        byte[] line = Encoding.UTF8.GetBytes("20261204 19:51:11,vm,root,localhost,4,2,WRITE,mysql,db,");

        for (int i = 1; i < AuditFormatDetector.DateRecordsToDecide; i++)
        {
            Assert.That(detector.Observe(line), Is.False, $"decided after {i} records");
        }

        Assert.That(detector.Observe(line), Is.True);
        Assert.That(detector.Format, Is.EqualTo(AuditLogFormat.MariaDb));
    }

    [Test]
    public void Finish_FewMariaDbRecords_IsMariaDb()
    {
        var detector = new AuditFormatDetector();
        detector.Observe("garbage"u8);
        detector.Observe("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0"u8);

        Assert.That(detector.Finish(), Is.EqualTo(AuditLogFormat.MariaDb));
    }

    [Test]
    public void Finish_NoRecords_StaysAuto()
    {
        var detector = new AuditFormatDetector();
        detector.Observe("garbage, more"u8);
        detector.Observe(""u8);

        Assert.That(detector.Finish(), Is.EqualTo(AuditLogFormat.Auto));
        Assert.That(detector.IsDecided, Is.False);
    }
}
