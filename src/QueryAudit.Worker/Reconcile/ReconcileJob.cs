using System.Globalization;
using System.Text.Json;
using QueryAudit.Aws.S3;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Reports.Csv;
using QueryAudit.Reports.Fonts;
using QueryAudit.Reports.Json;
using QueryAudit.Reports.Pdf;
using QueryAudit.Sql;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// One <c>queryaudit reconcile</c> run: load policy and catalog, read and reconcile the inputs, write the report folder.
/// </summary>
/// <param name="settings">The run's options.</param>
/// <param name="output">Receives the summary lines.</param>
/// <param name="errors">Receives warnings and problems.</param>
/// <param name="serviceStore">
/// The service's open store, for the scheduled monthly report: the report's findings are saved to it and its
/// dispositions applied, but its counters are left to ingestion. Null uses <see cref="ReconcileSettings.Store"/>.
/// </param>
internal sealed class ReconcileJob(ReconcileSettings settings, TextWriter output, TextWriter errors, IStateStore? serviceStore = null)
{
    private string _reportId = "";

    /// <summary>Exit code when a finding reached the <c>--fail-on</c> severity.</summary>
    public const int FindingsAtOrAboveThreshold = 3;

    public static string ToolVersion { get; } =
        typeof(ReconcileJob).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        AuditPolicy policy = PolicyLoader.Load(settings.PolicyFile);
        string timeZone = settings.TimeZone ?? policy.TimeZone;
        ReportingPeriod period = settings.Period is not null
            ? ReportingPeriod.Month(settings.Period, timeZone)
            : ReportingPeriod.Between(settings.From!, settings.To!, timeZone);

        SqlNormalizerOptions sqlOptions = SqlNormalizerOptions.Default with
        {
            ServerVersion = policy.ServerVersion,
            LogByteLimit = settings.QueryLogLimit ?? policy.QueryLogLimit,
        };
        if (!Directory.Exists(settings.CatalogDirectory))
        {
            throw new AuditInputException($"The catalog folder '{settings.CatalogDirectory}' does not exist; pass the folder that holds migrations/ and operations/ with --catalog.");
        }

        if (File.Exists(settings.OutputDirectory))
        {
            throw new AuditInputException($"--out '{settings.OutputDirectory}' is a file; give a folder for the report files (it is created if missing).");
        }

        ApprovedCatalog catalog = LoadCatalog(policy, sqlOptions);
        ApprovalIndex approvals = CatalogApprovalIndex.Build(catalog);

        List<IAuditLineSource> sources = [];
        if (settings.Inputs.Count > 0)
        {
            AuditInputSet inputSet = AuditInputs.Expand(
                settings.Inputs,
                new AuditFileSourceOptions { Instance = settings.Instance, Format = settings.Format });
            sources.AddRange(inputSet.Sources);
            foreach (string skipped in inputSet.SkippedFiles)
            {
                errors.WriteLine($"skipped: {skipped} does not look like an audit log; name the file on the command line to read it anyway");
            }
        }

        using CloudSources cloud = new();
        sources.AddRange(cloud.Open(settings, period));
        OutputFolder.Create(settings.OutputDirectory);

        // Files are written to a staging folder and moved into --out only when everything succeeded, so a failed run
        // never leaves a previous good report half overwritten.
        string staging = Path.Combine(settings.OutputDirectory, $".staging-{Environment.ProcessId}");
        Directory.CreateDirectory(staging);
        try
        {
            int exitCode = await RunIntoAsync(staging, policy, period, sqlOptions, catalog, approvals, sources, cancellationToken).ConfigureAwait(false);
            List<string> written = [];
            foreach (string file in Directory.GetFiles(staging))
            {
                string target = Path.Combine(settings.OutputDirectory, Path.GetFileName(file));
                File.Move(file, target, overwrite: true);
                written.Add(target);
            }

            output.WriteLine($"report written to {Path.GetFullPath(settings.OutputDirectory)}");
            await CloudSources.UploadAsync(settings, written, _reportId, output, cancellationToken).ConfigureAwait(false);
            return exitCode;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private async Task<int> RunIntoAsync(
        string folder,
        AuditPolicy policy,
        ReportingPeriod period,
        SqlNormalizerOptions sqlOptions,
        ApprovedCatalog catalog,
        ApprovalIndex approvals,
        IReadOnlyList<IAuditLineSource> sources,
        CancellationToken cancellationToken)
    {

        List<ManifestInput> inputs = [];
        ReconcileOptions options = new()
        {
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            Cluster = settings.Cluster,
            Sql = sqlOptions,
        };
        AuditLineParserOptions parserOptions = new()
        {
            LogTimeZone = ReportingPeriod.FindZone(settings.LogTimeZone ?? policy.LogTimeZone),
            QueryLogLimitBytes = settings.QueryLogLimit ?? policy.QueryLogLimit,
        };

        ConsoleProgress? progress = settings.Progress && ConsoleProgress.IsTerminal ? new ConsoleProgress() : null;
        string quarantinePath = Path.Combine(folder, "quarantine.csv");
        ReconciliationResult result;
        AuditPipeline pipeline;
        long duplicateLines = 0;
        Dictionary<string, string> contentHashes = new(StringComparer.Ordinal);
        using (QuarantineCsvWriter quarantine = new(quarantinePath, settings.IncludeLiterals))
        {
            pipeline = new AuditPipeline(policy, approvals, options, parserOptions)
            {
                QuarantineSink = quarantine.Write,
                Progress = progress,
                ReorderWindow = settings.Sources.Count > 0 ? CloudSources.ReorderWindow : TimeSpan.Zero,
                Threads = settings.Threads,
            };

            List<(string Name, string Path, AuditContentDigest Digest)> readBefore = [];
            void Remember(FileAuditLineSource file, AuditContentDigest digest)
            {
                contentHashes[file.Name] = digest.ContentSha256;
                readBefore.Add((file.Name, file.Path, digest));
            }

            foreach (IAuditLineSource listed in sources)
            {
                IAuditLineSource source = listed;
                FileAuditLineSource? file = listed as FileAuditLineSource;
                string path = file is null ? source.Name : Path.GetFullPath(file.Path);
                AuditContentDigest? digest = null;
                ContentOverlap? overlap = null;
                if (file is not null)
                {
                    AuditContentHead head = await AuditContentHead.ReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
                    if (head.FileBytes == 0 && file.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                    {
                        // A real gzip file has at least a header, so an empty one is the trace of a failed download or copy.
                        errors.WriteLine($"warning: {source.Name} is empty (0 bytes) although its name ends in .gz, so it is read as no lines; a download or copy probably failed, so fetch the file again and rerun.");
                    }

                    if (!AuditContentOverlap.HasCandidates(readBefore, head))
                    {
                        // No earlier input starts with this one's first line, so none of its lines is a repeat to skip,
                        // and one reading of the file gives both its lines and its digest.
                        source = file.WithContentDigest();
                    }
                    else
                    {
                        // An earlier input starts with the same line, or the first line was not found in the first
                        // AuditContentHead.MaxBytes bytes. Finding the repeated lines to skip takes the digest before
                        // reading, so this file is read, and for gzip decompressed, once more.
                        digest = await AuditContentDigest.ComputeAsync(file.Path, cancellationToken).ConfigureAwait(false);
                        overlap = await AuditContentOverlap.FindAsync(readBefore, file.Path, digest, cancellationToken).ConfigureAwait(false);
                    }

                    if (overlap is not null)
                    {
                        // Lines given twice (a second download of a live file, a copy next to its rotated version,
                        // once compressed and once not) are read once and counted as duplicates.
                        duplicateLines += overlap.Lines;
                        errors.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"duplicate: {source.Name} lines 1-{overlap.Lines} repeat the first lines of {overlap.Earlier}; they are counted, not read again"));
                        if (overlap.Whole)
                        {
                            inputs.Add(new ManifestInput(path, digest!.FileSha256, digest.FileBytes, overlap.Lines, 0, 0, "duplicate", Duplicate: true));
                            Remember(file, digest);
                            continue;
                        }

                        source = file.After(overlap);
                    }
                }

                try
                {
                    await pipeline.ReadAsync(source, cancellationToken).ConfigureAwait(false);
                }
                catch (AuditInputException e)
                {
                    // Keep what was read and go on with the other inputs. The report shows the input as not read to its
                    // end, so this is a warning and the run still succeeds (exit 0, or 3 with --fail-on).
                    errors.WriteLine($"warning: {e.Message} The report lists this input as not read to its end.");
                    pipeline.AddSourceError(source, e.Message);
                }

                if (file is not null)
                {
                    // A reading stopped by an error before the end of the content (a damaged gzip file) computed no
                    // digest, so the file is read again for it.
                    digest ??= ((FileAuditLineSource)source).ContentDigest
                        ?? await AuditContentDigest.ComputeAsync(file.Path, cancellationToken).ConfigureAwait(false);
                    Remember(file, digest);
                }

                SourceStatistics statistics = pipeline.Statistics[^1];
                long repeated = 0;
                if (source is S3ArchiveSource archive && archive.DuplicatesRemoved > 0)
                {
                    // Firehose redeliveries and the events that overlapping export tasks share are read once and counted as duplicates.
                    repeated = archive.DuplicatesRemoved;
                    duplicateLines += repeated;
                    errors.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"duplicate: {repeated} events of {source.Name} repeat events read before (Firehose redeliveries, events that overlapping export tasks share); they are counted, not read again"));
                }

                inputs.Add(new ManifestInput(
                    path,
                    digest?.FileSha256 ?? "",
                    digest?.FileBytes ?? 0,
                    (overlap?.Lines ?? 0) + repeated + statistics.Lines,
                    statistics.Events,
                    statistics.Unparsed,
                    FormatNames(statistics.Formats),
                    Duplicate: false));
            }

            result = pipeline.Complete();
        }

        progress?.Finish();

        ReportInputs reportInputs = new()
        {
            Result = result,
            Completeness = pipeline.Completeness,
            Policy = policy,
            Approvals = approvals,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            PeriodLabel = period.Label,
            TimeZone = period.TimeZoneId,
            ObservedUntil = period.End,
            Clusters = settings.Cluster is null ? [] : [settings.Cluster],
            ToolVersion = ToolVersion,
            CatalogCommit = catalog.Commit,
            CatalogHash = catalog.ContentHash,
            CatalogProblems = catalog.Problems.Where(p => p.Severity == CatalogProblemSeverity.Error).Select(p => p.ToString()).ToList(),
            Inputs = inputs.Select(i => new InputSummary(i.Path, i.Sha256, i.Bytes, i.Lines, i.Events, i.Unparsed, i.Format)).ToList(),
            Sources = sources.Select(s => s.Name).ToList(),
            ContentHashes = contentHashes,
            Formats = inputs.Select(i => i.Format).Where(f => f != "duplicate").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            DuplicatesRemoved = duplicateLines,
            Language = settings.Language ?? policy.ReportLanguage,
            IncludeLiterals = settings.IncludeLiterals,
            Amendment = settings.Amendment,
        };
        ReportModel model = ReportBuilder.Build(reportInputs);
        if (serviceStore is not null)
        {
            model = await SaveFindingsAndApplyTriageAsync(serviceStore, model, reportInputs, cancellationToken).ConfigureAwait(false);
        }
        else if (settings.Store is { } location)
        {
            model = await SaveAndApplyTriageAsync(location, period, result, pipeline, model, reportInputs, cancellationToken).ConfigureAwait(false);
        }

        _reportId = model.Header.ReportId;
        List<ManifestFile> outputs = [];
        IReportRenderer[] renderers =
        [
            new FindingsCsvRenderer(),
            new ApprovedExecutionsCsvRenderer(),
            new ReportJsonRenderer(),
            new PdfReportRenderer(new PdfReportOptions { Language = settings.Language ?? policy.ReportLanguage }),
        ];
        foreach (IReportRenderer renderer in renderers)
        {
            string path = Path.Combine(folder, renderer.FileName);
            await using (FileStream stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await renderer.RenderAsync(model, stream, cancellationToken).ConfigureAwait(false);
            }

            outputs.Add(await Describe(path, cancellationToken).ConfigureAwait(false));
        }

        outputs.Add(await Describe(quarantinePath, cancellationToken).ConfigureAwait(false));
        (string policySha, long policyBytes) = await FileHashing.HashAsync(settings.PolicyFile, cancellationToken).ConfigureAwait(false);
        Manifest manifest = new()
        {
            Tool = "queryaudit",
            ToolVersion = ToolVersion,
            ReportId = model.Header.ReportId,
            Period = new ManifestPeriod(period.Label, period.TimeZoneId, period.Start, period.End),
            Catalog = new ManifestCatalog(Path.GetFullPath(settings.CatalogDirectory), catalog.ContentHash, catalog.Commit, catalog.Scripts.Count, catalog.Statements.Count()),
            Policy = new ManifestFile(Path.GetFullPath(settings.PolicyFile), policySha, policyBytes),
            Inputs = inputs.Where(i => !IsCloud(i.Path)).ToList(),
            Outputs = outputs,
            Fonts = ReportFonts.Faces().Select(face => FontEntry(face.FileName, face.Bytes)).ToList(),
            SourceRanges = inputs.Where(i => IsCloud(i.Path))
                .Select(i => new ManifestSourceRange(i.Path, period.Start, period.End, i.Lines, i.Events, i.Unparsed))
                .ToList(),
            Counts = new ManifestCounts(
                pipeline.Completeness.Events,
                result.Counters.Statements,
                result.Counters.Approved,
                model.Findings.Count,
                pipeline.Completeness.UnparsedLines,
                duplicateLines),
        };
        string manifestPath = Path.Combine(folder, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.Manifest) + "\n", cancellationToken).ConfigureAwait(false);

        WriteSummary(model, result, pipeline);
        if (pipeline.Completeness.Events == 0)
        {
            errors.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"warning: no audit event fell inside the period {period.Label} ({period.TimeZoneId}); {pipeline.Completeness.EventsOutsidePeriod:N0} event(s) were outside it. Check --period/--from/--to, --time-zone and --log-time-zone. The report shows the whole period as a gap."));
        }

        if (Environment.GetEnvironmentVariable("QUERYAUDIT_STATS") == "1")
        {
            WriteStatistics(result, pipeline);
        }

        return settings.FailOn is { } threshold && model.Findings.Any(f => f.Finding.Severity >= threshold)
            ? FindingsAtOrAboveThreshold
            : 0;
    }

    /// <summary>
    /// Saves every finding of the report (gaps and catalog problems included) to the store, so that reviewers can
    /// triage them, then rebuilds the model with the dispositions recorded so far. Finding ids are stable, so a rerun
    /// keeps earlier decisions.
    /// </summary>
    private async Task<ReportModel> SaveAndApplyTriageAsync(
        string location,
        ReportingPeriod period,
        ReconciliationResult result,
        AuditPipeline pipeline,
        ReportModel model,
        ReportInputs reportInputs,
        CancellationToken cancellationToken)
    {
        IStateStore store = await StateStoreLocation.OpenAsync(location, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            ReconciliationResult everything = result with { Findings = model.Findings.Select(f => f.Finding).ToList() };
            await store.SaveReconciliationAsync(
                new ReconciliationSnapshot
                {
                    ScopeKey = "reconcile:" + period.Label,
                    Result = everything,
                    EventCounts = HourlyEventCount.FromCoverage(pipeline.Completeness.Coverage()),
                },
                cancellationToken).ConfigureAwait(false);
            IReadOnlyDictionary<string, FindingDisposition> dispositions = await TrailBackedDispositionsAsync(store, cancellationToken).ConfigureAwait(false);
            errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: saved {everything.Findings.Count:N0} finding(s); {dispositions.Count:N0} have a disposition"));
            return ReportBuilder.Build(reportInputs with { Dispositions = dispositions });
        }
    }

    /// <summary>
    /// Saves every finding of the report to the service's store, so that reviewers can triage the findings only the
    /// report produces (gaps, unparsed lines, catalog problems), then rebuilds the model with the dispositions. The
    /// counters and hourly event counts stay as ingestion stored them, because saving them again under another scope
    /// would count the month's events twice.
    /// </summary>
    private async Task<ReportModel> SaveFindingsAndApplyTriageAsync(
        IStateStore store, ReportModel model, ReportInputs reportInputs, CancellationToken cancellationToken)
    {
        IStateTransaction transaction = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.UpsertFindingsAsync(model.Findings.Select(f => f.Finding), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyDictionary<string, FindingDisposition> dispositions = await TrailBackedDispositionsAsync(store, cancellationToken).ConfigureAwait(false);
        errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: saved {model.Findings.Count:N0} finding(s); {dispositions.Count:N0} have a disposition"));
        return ReportBuilder.Build(reportInputs with { Dispositions = dispositions });
    }

    /// <summary>Returns the store's dispositions after checking that its tamper-evident trail backs every one of them.</summary>
    /// <exception cref="AuditInputException">The trail is broken or does not match the dispositions.</exception>
    private static async Task<IReadOnlyDictionary<string, FindingDisposition>> TrailBackedDispositionsAsync(IStateStore store, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, FindingDisposition> dispositions = await store.ReportDispositionsAsync(cancellationToken).ConfigureAwait(false);

        // A report shows only decisions the tamper-evident trail backs.
        IReadOnlyList<QueryAudit.Core.Triage.TrailEntry> trail = await store.TrailAsync(cancellationToken).ConfigureAwait(false);
        QueryAudit.Core.Triage.TrailVerification chain = QueryAudit.Core.Triage.TrailChain.Verify(trail, await store.TrailHeadAsync(cancellationToken).ConfigureAwait(false));
        IReadOnlyList<string> mismatches = chain.IsIntact ? QueryAudit.Core.Triage.TrailDispositionCheck.Mismatches(trail, dispositions) : [];
        if (!chain.IsIntact || mismatches.Count > 0)
        {
            string problem = !chain.IsIntact ? $"its trail is broken at entry {chain.BrokenAt}: {chain.Problem}" : string.Join("; ", mismatches);
            throw new AuditInputException($"The triage state in the store does not match its trail ({problem}); run 'queryaudit trail verify' and restore the store from a backup before reporting.");
        }

        return dispositions;
    }

    private ApprovedCatalog LoadCatalog(AuditPolicy policy, SqlNormalizerOptions sqlOptions)
    {
        ApprovedCatalog catalog = CatalogLoader.Load(settings.CatalogDirectory, new CatalogOptions
        {
            SqlOptions = sqlOptions,
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = policy.Reviewers.ToDictionary(r => r.Name, r => r.Accounts, StringComparer.Ordinal),
        });
        foreach (CatalogProblem problem in catalog.Problems)
        {
            errors.WriteLine($"catalog: {problem}");
        }

        return catalog;
    }

    private void WriteSummary(ReportModel model, ReconciliationResult result, AuditPipeline pipeline)
    {
        string bySeverity = string.Join(", ", model.Summary.ExceptionsBySeverity
            .Where(pair => pair.Value > 0)
            .OrderByDescending(pair => pair.Key)
            .Select(pair => $"{pair.Value} {pair.Key.ToString().ToLowerInvariant()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"period {model.Header.PeriodLabel} ({model.Header.TimeZone}): {pipeline.Completeness.Events:N0} events, {result.Counters.Statements:N0} statements, {result.Counters.Approved:N0} approved executions"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"findings: {model.Findings.Count:N0}{(bySeverity.Length > 0 ? " (" + bySeverity + ")" : "")}; unparsed lines: {pipeline.Completeness.UnparsedLines:N0}"));
    }

    /// <summary>
    /// For bench/month-benchmark.sh (QUERYAUDIT_STATS=1): the run's volume and the bytes the whole process allocated,
    /// on standard error, as key=value pairs on one line.
    /// </summary>
    private void WriteStatistics(ReconciliationResult result, AuditPipeline pipeline)
    {
        long lines = pipeline.Statistics.Sum(s => s.Lines);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        errors.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stats: lines={lines} events={pipeline.Completeness.Events} statements={result.Counters.Statements} allocated_bytes={allocated} bytes_per_event={(double)allocated / Math.Max(1, pipeline.Completeness.Events):F1} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}"));
    }

    private static bool IsCloud(string source) =>
        source.StartsWith("cloudwatch:", StringComparison.Ordinal) || source.StartsWith("s3://", StringComparison.Ordinal);

    private static ManifestFile FontEntry(string name, byte[] bytes) =>
        new(name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bytes.Length);

    private static async Task<ManifestFile> Describe(string path, CancellationToken cancellationToken)
    {
        (string sha256, long bytes) = await FileHashing.HashAsync(path, cancellationToken).ConfigureAwait(false);
        return new ManifestFile(Path.GetFileName(path), sha256, bytes);
    }

    private static string FormatNames(IEnumerable<AuditLogFormat> formats)
    {
        string names = string.Join("+", formats.Select(f => f switch
        {
            AuditLogFormat.Aurora => "aurora",
            AuditLogFormat.MariaDb => "mariadb",
            AuditLogFormat.RdsMySql => "rds-mysql",
            _ => "unknown",
        }));
        return names.Length == 0 ? "empty" : names;
    }
}
