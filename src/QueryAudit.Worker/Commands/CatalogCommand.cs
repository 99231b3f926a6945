using System.CommandLine;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Policy;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit catalog check|show DIR</c>: validates an approved-change catalog for the scripts repository's CI, and
/// lists what the service will accept.
/// </summary>
internal static class CatalogCommand
{
    /// <summary>Exit code when the catalog has at least one error or the policy file is invalid.</summary>
    public const int ExitCatalogErrors = 1;

    public static Command Create()
    {
        Command command = new("catalog", "Check or list an approved-change catalog (a folder with migrations/ and operations/).");
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateShow());
        return command;
    }

    private static Command CreateCheck()
    {
        CatalogArguments arguments = new();
        Command check = new("check", "Validate every script's name, approval header, statements and git provenance. Prints one line per problem as file:line: severity: message and exits with 1 when any problem is an error.");
        arguments.AddTo(check);
        check.SetAction(parseResult =>
        {
            if (!arguments.TryLoad(parseResult, out ApprovedCatalog? catalog, out string format))
            {
                // An invalid policy file is invalid input, as for reconcile.
                return ExitCatalogErrors;
            }

            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (format == CatalogArguments.Json)
            {
                CatalogJsonWriter.WriteCheck(output, catalog!);
            }
            else
            {
                string displayRoot = parseResult.GetValue(arguments.Directory)!.ToString();
                CatalogTextWriter.WriteCheck(output, parseResult.InvocationConfiguration.Error, catalog!, displayRoot);
            }

            return catalog!.HasErrors ? ExitCatalogErrors : 0;
        });
        return check;
    }

    private static Command CreateShow()
    {
        CatalogArguments arguments = new();
        Command show = new("show", "List every script with its approval (ticket, approvers, executors, window, target, max runs), git provenance and statements as normalised, so a DBA can see what the service will accept.");
        arguments.AddTo(show);
        show.SetAction(parseResult =>
        {
            if (!arguments.TryLoad(parseResult, out ApprovedCatalog? catalog, out string format))
            {
                // An invalid policy file is invalid input, as for reconcile.
                return ExitCatalogErrors;
            }

            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (format == CatalogArguments.Json)
            {
                CatalogJsonWriter.WriteShow(output, catalog!);
            }
            else
            {
                CatalogTextWriter.WriteShow(output, catalog!);
            }

            return 0;
        });
        return show;
    }

    /// <summary>The argument and options both subcommands take.</summary>
    private sealed class CatalogArguments
    {
        public const string Text = "text";
        public const string Json = "json";

        public Argument<DirectoryInfo> Directory { get; } = new("DIR")
        {
            Description = "Catalog folder, the one that contains migrations/ and operations/.",
        };

        public Option<FileInfo?> Policy { get; } = new("--policy")
        {
            Description = "Policy YAML file; its server-version, max-operation-window and reviewers apply. Without it: server version 80032, a 7-day window limit, no reviewer map.",
        };

        public Option<string> Format { get; } = new("--format")
        {
            Description = "Output format: text for people and CI logs, json for machines.",
            DefaultValueFactory = _ => Text,
        };

        public Option<bool> NoGit { get; } = new("--no-git")
        {
            Description = "Ignore git history, so approvals come from headers only (for a catalog copied into another repository).",
        };

        public void AddTo(Command command)
        {
            Format.AcceptOnlyFromAmong(Text, Json);
            command.Arguments.Add(Directory);
            command.Options.Add(Policy);
            command.Options.Add(Format);
            command.Options.Add(NoGit);
        }

        public bool TryLoad(ParseResult parseResult, out ApprovedCatalog? catalog, out string format)
        {
            format = parseResult.GetValue(Format) ?? Text;
            catalog = null;

            CatalogOptions options = CatalogOptions.Default;
            if (parseResult.GetValue(Policy) is { } policyFile)
            {
                try
                {
                    options = CatalogOptions.FromPolicy(PolicyLoader.Load(policyFile.FullName));
                }
                catch (PolicyException exception)
                {
                    foreach (PolicyError error in exception.Errors)
                    {
                        parseResult.InvocationConfiguration.Error.WriteLine(error.ToString());
                    }

                    parseResult.InvocationConfiguration.Error.WriteLine($"policy file '{policyFile}' is invalid; fix the lines above or run without --policy");
                    return false;
                }
            }

            options = options with { ReadGitProvenance = !parseResult.GetValue(NoGit) };
            catalog = CatalogLoader.Load(parseResult.GetValue(Directory)!.FullName, options);
            return true;
        }
    }
}
