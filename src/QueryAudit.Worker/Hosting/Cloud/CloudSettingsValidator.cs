using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Checks the settings of cloud sources, <c>s3://</c> inputs and the report upload; part of
/// <see cref="QueryAuditOptionsValidator"/>.
/// </summary>
internal static class CloudSettingsValidator
{
    public static void Validate(QueryAuditOptions options, List<string> errors)
    {
        AwsSettings aws = options.Aws;
        ValidateEndpoint("Aws:CloudWatchEndpoint", aws.CloudWatchEndpoint, errors);
        ValidateEndpoint("Aws:S3Endpoint", aws.S3Endpoint, errors);

        CloudWatchSettings cloudWatch = options.CloudWatch;
        if (cloudWatch.SafetyLag < TimeSpan.Zero)
        {
            errors.Add($"CloudWatch:SafetyLag {cloudWatch.SafetyLag} must be zero or more, e.g. 00:02:00.");
        }

        if (cloudWatch.Overlap < TimeSpan.Zero)
        {
            errors.Add($"CloudWatch:Overlap {cloudWatch.Overlap} must be zero or more, e.g. 00:05:00.");
        }

        if (cloudWatch.WindowSize <= TimeSpan.Zero)
        {
            errors.Add($"CloudWatch:WindowSize {cloudWatch.WindowSize} must be positive, e.g. 01:00:00.");
        }

        if (cloudWatch.FilterPattern is { Length: > 1024 })
        {
            errors.Add($"CloudWatch:FilterPattern has {cloudWatch.FilterPattern.Length} characters; CloudWatch Logs accepts at most 1024.");
        }

        if (options.S3.RedeliveryWindow <= TimeSpan.Zero)
        {
            errors.Add($"S3:RedeliveryWindow {options.S3.RedeliveryWindow} must be positive, e.g. 01:00:00, or 1.00:00:00 for a day.");
        }

        ValidateS3Url("Catalog", options.Catalog, requireKey: false, errors);
        ValidateS3Url("Policy", options.Policy, requireKey: true, errors);

        ReportSettings report = options.Report;
        if (report.UploadTo is { } upload && !S3ArchiveSource.TryParseSpec(upload, out _, out _))
        {
            errors.Add($"Report:UploadTo '{upload}' is not an S3 location; write s3://bucket/prefix.");
        }

        if (report.RetentionDays is < 1 or > 36500)
        {
            errors.Add($"Report:RetentionDays {report.RetentionDays} is out of range; use 1 to 36500.");
        }
    }

    private static void ValidateEndpoint(string key, string? value, List<string> errors)
    {
        if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{key} '{value}' is not an http or https URL, e.g. https://logs.ap-northeast-1.amazonaws.com.");
        }
    }

    private static void ValidateS3Url(string key, string value, bool requireKey, List<string> errors)
    {
        if (!value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!S3ArchiveSource.TryParseSpec(value, out _, out string prefix))
        {
            errors.Add($"{key} '{value}' names no bucket; write s3://bucket/{(requireKey ? "key" : "prefix/")}.");
        }
        else if (requireKey && (prefix.Length == 0 || prefix.EndsWith('/')))
        {
            errors.Add($"{key} '{value}' names no object; write s3://bucket/key, e.g. s3://audit-inputs/catalog/policy.yaml.");
        }
    }
}
