using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Method: the sources and formats read, the rules applied, how the CSV exports guard against formula injection,
/// the policy in force, and what is out of scope.
/// </summary>
internal static class MethodSection
{
    /// <summary>Number of numbered rule sentences (<c>method.rule.1</c> ...) in the resource files.</summary>
    internal const int RuleCount = 9;

    /// <summary>Number of numbered out-of-scope sentences (<c>method.out_of_scope.1</c> ...).</summary>
    internal const int OutOfScopeCount = 4;

    public static void Write(ReportContext context)
    {
        ReportMethod method = context.Model.Method;
        ReportText text = context.Text;

        context.Flow.NewPage();
        context.Heading1(text["method.title"]);

        context.Heading2(text["method.sources"]);
        WriteList(context, method.Sources, "method.no_sources");

        context.Heading2(text["method.formats"]);
        WriteList(context, method.Formats, "method.no_formats");

        context.Heading2(text["method.rules"]);
        for (int i = 1; i <= RuleCount; i++)
        {
            context.Bullet(text[$"method.rule.{i}"]);
        }

        context.Note(text.Format("method.template_version", method.TemplateAlgorithmVersion));
        context.Note(text["method.exports"]);

        context.Heading2(text["method.policy"]);
        TableSpec policy = new()
        {
            Columns = [new TableColumn(text["column.setting"], 1), new TableColumn(text["column.value"], 2.2)],
            FontSize = 7.5,
        };
        foreach (KeyValuePair<string, string> setting in method.Policy)
        {
            (string name, string value) = PolicyText.Localize(context, setting.Key, setting.Value);
            policy.AddRow(name, value);
        }

        context.TableOrAppendix(policy, text["method.policy"], "method.no_policy");

        context.Heading2(text["method.out_of_scope"]);
        for (int i = 1; i <= OutOfScopeCount; i++)
        {
            context.Bullet(text[$"method.out_of_scope.{i}"]);
        }
    }

    private static void WriteList(ReportContext context, IReadOnlyList<string> items, string emptyKey)
    {
        if (items.Count == 0)
        {
            context.Paragraph(context.Text[emptyKey]);
            return;
        }

        foreach (string item in items)
        {
            context.Bullet(item);
        }
    }
}
