namespace QueryAudit.Sql.Tests.Classification;

public sealed class TableCollectorTests
{
    private static string Tables(string sql) => string.Join(",", SqlNormalizer.Normalize(sql).Tables);

    [TestCase("SELECT * FROM customers", "customers")]
    [TestCase("SELECT * FROM `billing`.`customers` c", "billing.customers")]
    [TestCase("SELECT * FROM a, b AS y, c z WHERE 1", "a,b,c")]
    [TestCase("SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c USING (id) STRAIGHT_JOIN d", "a,b,c,d")]
    [TestCase("SELECT * FROM a USE INDEX (ix) , b FORCE INDEX FOR JOIN (iy)", "a,b")]
    [TestCase("SELECT * FROM (SELECT id FROM inner_t) d JOIN outer_t o ON o.id = d.id", "inner_t,outer_t")]
    [TestCase("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE EXISTS (SELECT 1 FROM v))", "t,u,v")]
    [TestCase("SELECT EXTRACT(YEAR FROM created_at), TRIM(LEADING 'x' FROM name) FROM t", "t")]
    [TestCase("SELECT 1 FROM DUAL", "")]
    [TestCase("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers", "orders,customers")]
    [TestCase("WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r", "")]
    public void Reads_NameTables(string sql, string expected) => Assert.That(Tables(sql), Is.EqualTo(expected));

    [TestCase("INSERT INTO invoices_archive SELECT * FROM invoices WHERE status = 'PAID'", "invoices_archive,invoices")]
    [TestCase("INSERT IGNORE INTO t (a) VALUES (1)", "t")]
    [TestCase("INSERT t SET a = 1", "t")]
    [TestCase("REPLACE INTO sessions (id) VALUES (1)", "sessions")]
    [TestCase("SELECT REPLACE(a, 'x', 'y') FROM t", "t")]
    [TestCase("UPDATE LOW_PRIORITY customers SET a = 1", "customers")]
    [TestCase("UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.status = 'PAID'", "orders,customers")]
    [TestCase("UPDATE a, b SET a.x = b.x", "a,b")]
    [TestCase("DELETE FROM invoice_lines WHERE invoice_id = 1042", "invoice_lines")]
    [TestCase("DELETE o FROM orders o JOIN customers c ON c.id = o.cid", "orders,customers")]
    [TestCase("DELETE FROM a USING a JOIN b ON a.id = b.id", "a,b")]
    [TestCase("INSERT INTO counters (name) VALUES ('x') ON DUPLICATE KEY UPDATE hits = hits + 1", "counters")]
    [TestCase("SELECT * FROM t FOR UPDATE", "t")]
    [TestCase("LOAD DATA LOCAL INFILE '/tmp/x.csv' INTO TABLE staging_orders FIELDS TERMINATED BY ','", "staging_orders")]
    public void Writes_NameTables(string sql, string expected) => Assert.That(Tables(sql), Is.EqualTo(expected));

    [TestCase("CREATE TABLE IF NOT EXISTS t (id INT, FOREIGN KEY (id) REFERENCES p (id))", "t,p")]
    [TestCase("CREATE TABLE invoices_archive LIKE invoices", "invoices_archive,invoices")]
    [TestCase("CREATE TABLE t AS SELECT * FROM u", "t,u")]
    [TestCase("ALTER TABLE invoices ADD COLUMN status INT AFTER currency", "invoices")]
    [TestCase("ALTER TABLE a RENAME TO b", "a,b")]
    [TestCase("DROP TABLE IF EXISTS a, b", "a,b")]
    [TestCase("RENAME TABLE a TO b, c TO d", "a,b,c,d")]
    [TestCase("TRUNCATE TABLE t", "t")]
    [TestCase("TRUNCATE t", "t")]
    [TestCase("CREATE UNIQUE INDEX ix ON invoices (customer_id, status)", "invoices")]
    [TestCase("DROP INDEX ix ON invoices", "invoices")]
    [TestCase("CREATE VIEW v_open AS SELECT * FROM invoices i JOIN customers c ON c.id = i.cid", "v_open,invoices,customers")]
    [TestCase("CREATE TRIGGER trg BEFORE UPDATE ON orders FOR EACH ROW SET NEW.updated_at = NOW()", "orders")]
    [TestCase("LOCK TABLES a READ, b WRITE", "a,b")]
    public void SchemaStatements_NameTables(string sql, string expected) => Assert.That(Tables(sql), Is.EqualTo(expected));

    [TestCase("GRANT SELECT ON billing.* TO 'x'@'%'", "")]
    [TestCase("GRANT SELECT ON billing.customers TO 'x'@'%'", "billing.customers")]
    [TestCase("GRANT EXECUTE ON PROCEDURE billing.p TO 'x'@'%'", "")]
    [TestCase("CREATE USER 'a'@'%'", "")]
    [TestCase("SHOW TABLES FROM billing", "")]
    [TestCase("SHOW FULL COLUMNS FROM customers", "customers")]
    [TestCase("SHOW CREATE TABLE customers", "customers")]
    [TestCase("DESCRIBE customers", "customers")]
    [TestCase("CALL p(1)", "")]
    [TestCase("SELECT * FROM Orders JOIN orders", "Orders,orders")]
    public void OtherStatements_NameTables(string sql, string expected) => Assert.That(Tables(sql), Is.EqualTo(expected));
}
