using System.Text;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Support;

/// <summary>
/// Rewrites every literal of a statement to another value of the same kind and length (digits and ASCII letters shifted),
/// leaving everything else as it is. Integers that may be column numbers (after ORDER BY, GROUP BY, PARTITION BY) keep
/// their value, because the template keeps those.
/// </summary>
internal static class LiteralMutator
{
    public static string ChangeLiterals(string sql)
    {
        StringBuilder builder = new(sql);
        MySqlLexer lexer = new(sql);
        bool inColumnList = false;
        while (lexer.TryRead(out MySqlToken token))
        {
            string text = sql.Substring(token.Start, token.Length);
            if (token.Kind == MySqlTokenKind.Word)
            {
                string upper = text.ToUpperInvariant();
                inColumnList = upper == "BY" || (inColumnList && upper is "ASC" or "DESC");
                continue;
            }

            if (token.Kind == MySqlTokenKind.Comma && inColumnList)
            {
                continue;
            }

            if (token.Kind == MySqlTokenKind.IntegerLiteral && inColumnList)
            {
                continue;
            }

            inColumnList = false;
            int contentStart = token.Kind switch
            {
                MySqlTokenKind.StringLiteral => 1,
                MySqlTokenKind.NationalString or MySqlTokenKind.HexString or MySqlTokenKind.BitString => 2,
                MySqlTokenKind.HexNumber or MySqlTokenKind.BitNumber => 2,
                MySqlTokenKind.IntegerLiteral or MySqlTokenKind.DecimalLiteral or MySqlTokenKind.FloatLiteral => 0,
                _ => -1,
            };

            if (contentStart < 0)
            {
                continue;
            }

            int contentEnd = token.Kind is MySqlTokenKind.StringLiteral or MySqlTokenKind.NationalString
                or MySqlTokenKind.HexString or MySqlTokenKind.BitString ? token.Length - 1 : token.Length;
            for (int i = contentStart; i < contentEnd; i++)
            {
                int at = token.Start + i;
                char c = sql[at];
                if (i > 0 && sql[at - 1] == '\\' && token.Kind is MySqlTokenKind.StringLiteral or MySqlTokenKind.NationalString)
                {
                    continue;
                }

                builder[at] = Shift(c, token.Kind);
            }
        }

        return builder.ToString();
    }

    /// <summary>Returns another character of the same class: a digit or bit flipped, a string letter moved by one.</summary>
    private static char Shift(char c, MySqlTokenKind kind)
    {
        if (kind is MySqlTokenKind.BitString or MySqlTokenKind.BitNumber)
        {
            return c switch { '0' => '1', '1' => '0', _ => c };
        }

        if (c is >= '0' and <= '9')
        {
            return c == '9' ? '0' : (char)(c + 1);
        }

        bool text = kind is MySqlTokenKind.StringLiteral or MySqlTokenKind.NationalString;
        if (text && c is >= 'a' and <= 'z')
        {
            return c == 'z' ? 'a' : (char)(c + 1);
        }

        bool hex = kind is MySqlTokenKind.HexNumber or MySqlTokenKind.HexString;
        return hex && c is >= 'a' and <= 'e' ? (char)(c + 1) : c;
    }
}
