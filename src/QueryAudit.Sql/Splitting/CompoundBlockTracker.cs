using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Splitting;

/// <summary>
/// Follows BEGIN ... END, IF ... END IF, CASE ... END, LOOP / WHILE / REPEAT ... END x inside a routine definition or a
/// compound statement, so that the semicolons of its body do not end the statement. Outside those statements nothing
/// nests: a column named <c>begin</c> or <c>end</c> in a plain query must not swallow the statements after it.
/// </summary>
/// <remarks>
/// NOTE: inside a body, a qualified column named <c>begin</c> or <c>end</c> (<c>a.begin</c>) still counts as a block
/// keyword, a statement that starts with the function call <c>IF(...)</c> opens a body that swallows the statements
/// after it, and a label in backticks is not taken as a label.
/// </remarks>
internal struct CompoundBlockTracker
{
    private int tokenCount;
    private bool routine;
    private bool beginFirst;
    private bool createOrAlter;
    private bool afterEnd;
    private int depth;
    private MySqlTokenKind previousKind;
    private KeywordId previousId;
    private bool previousIsColon;

    /// <summary>True while a semicolon would be inside a body and must not end the statement.</summary>
    public readonly bool InsideBody => routine && depth > 0;

    /// <summary>
    /// Returns true when a word with <paramref name="id"/> as the statement's token number <paramref name="index"/> may
    /// make the tracker open a body: a first BEGIN, IF, CASE, LOOP, WHILE or REPEAT, or PROCEDURE, FUNCTION, TRIGGER or
    /// EVENT among the first 16 tokens after a first CREATE or ALTER, which sets <paramref name="createOrAlter"/>.
    /// <see cref="FastTemplatePass"/> uses this to feed a tracker only for such statements, and
    /// <see cref="FusedTemplatePass"/>'s own loop to leave them to the splitter.
    /// </summary>
    public static bool MayOpenBody(KeywordId id, int index, ref bool createOrAlter)
    {
        if (index == 0)
        {
            switch (id)
            {
                case KeywordId.Begin or KeywordId.If or KeywordId.Case or KeywordId.Loop or KeywordId.While or KeywordId.Repeat:
                    return true;
                case KeywordId.Create or KeywordId.Alter:
                    createOrAlter = true;
                    return false;
                default:
                    return false;
            }
        }

        return createOrAlter && index < 16 && id is KeywordId.Procedure or KeywordId.Function or KeywordId.Trigger or KeywordId.Event;
    }

    /// <summary>Forgets the current statement.</summary>
    public void Reset() => this = default;

    /// <summary>Takes the next significant token of the statement (a <c>;</c> inside a body included); <paramref name="isColon"/> marks a <c>:</c> operator.</summary>
    public void Add(MySqlTokenKind kind, KeywordId id, bool isColon)
    {
        int index = tokenCount++;
        if (index == 0)
        {
            Start(id);
            Remember(kind, id, isColon);
            return;
        }

        if (index >= 2 && !routine && !createOrAlter)
        {
            // Past the second token only CREATE / ALTER ... PROCEDURE can still open a body, so nothing more to track.
            return;
        }

        if (index == 1 && beginFirst && kind != MySqlTokenKind.Semicolon && id != KeywordId.Work)
        {
            // BEGIN followed by a statement opens a compound block (MariaDB runs these outside routines too).
            routine = true;
            depth = 1;
        }

        if (createOrAlter && index < 16 && id is KeywordId.Procedure or KeywordId.Function or KeywordId.Trigger or KeywordId.Event)
        {
            routine = true;
        }

        if (isColon && previousKind == MySqlTokenKind.Word && index == 1)
        {
            // "label:" at the start of a statement comes before a labelled block.
            routine = true;
        }

        if (routine)
        {
            Track(id);
        }

        Remember(kind, id, isColon);
    }

    private void Start(KeywordId id)
    {
        switch (id)
        {
            case KeywordId.Begin:
                beginFirst = true;
                break;
            case KeywordId.Create or KeywordId.Alter:
                createOrAlter = true;
                break;
            case KeywordId.If or KeywordId.Case or KeywordId.Loop or KeywordId.While or KeywordId.Repeat:
                routine = true;
                depth = 1;
                break;
            default:
                break;
        }
    }

    private void Track(KeywordId id)
    {
        if (afterEnd)
        {
            // END IF, END CASE, END LOOP, END WHILE, END REPEAT: the word after END closes, it does not open.
            afterEnd = false;
            if (id is KeywordId.If or KeywordId.Case or KeywordId.Loop or KeywordId.While or KeywordId.Repeat)
            {
                return;
            }
        }

        switch (id)
        {
            case KeywordId.Begin when previousId != KeywordId.Xa:
            case KeywordId.Case:
                depth++;
                break;
            case KeywordId.End:
                depth = Math.Max(0, depth - 1);
                afterEnd = true;
                break;
            case KeywordId.If or KeywordId.Loop or KeywordId.While or KeywordId.Repeat when StartsStatement():
                depth++;
                break;
            default:
                break;
        }
    }

    /// <summary>True when the previous token ends a statement or opens a body, so IF / LOOP / WHILE / REPEAT here is a statement.</summary>
    private readonly bool StartsStatement() =>
        previousKind is MySqlTokenKind.Semicolon or MySqlTokenKind.RightParenthesis
        || previousIsColon
        || previousId is KeywordId.Begin or KeywordId.Then or KeywordId.Else or KeywordId.Do or KeywordId.Row;

    private void Remember(MySqlTokenKind kind, KeywordId id, bool isColon)
    {
        previousKind = kind;
        previousId = id;
        previousIsColon = isColon;
    }
}
