using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("QueryAudit.Sql.Tests")]
[assembly: InternalsVisibleTo("QueryAudit.Benchmarks")]
