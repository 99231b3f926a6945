using System.Text;
using QueryAudit.Sql.Tests.Normalizing;

namespace QueryAudit.Sql.Tests.Support;

/// <summary>
/// Random stored routines, compound statements and DELIMITER scripts for the tests that compare the template passes with
/// the splitter. They have nested BEGIN / IF / CASE / LOOP / WHILE / REPEAT bodies with labels, and words that the block
/// tracker reads (END as a column, IF() and REPEAT() as functions, XA BEGIN). Their custom delimiters also appear inside
/// words, numbers, strings, comments, backtick names and executable comments.
/// </summary>
internal static class RoutineScripts
{
    /// <summary>Custom delimiters: the ones the fast pass takes, then ones it leaves to the splitter.</summary>
    public static readonly string[] Delimiters =
    [
        "$$", "//", ";;", "|", "||", "!!", "~", "%%", "GO", "$", "end", "@@", "*/", "--", "-", "?", "/", "^^", "::", "}",
        "#", "(", ".", "@", "'", "N", "a'b",
    ];

    private static readonly string[] Headers =
    [
        "CREATE PROCEDURE p_close(IN p_id BIGINT, OUT p_rows INT)\n",
        "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`() ",
        "create procedure p() ",
        "CREATE FUNCTION f_tax(amount DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC\n",
        "CREATE TRIGGER trg BEFORE UPDATE ON orders FOR EACH ROW ",
        "CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DO ",
        "ALTER EVENT ev DO ",
        "CREATE OR REPLACE PROCEDURE p() ",
        "CREATE PROCEDURE p() COMMENT 'begin; end' ",
        "/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`%`*/ /*!50003 PROCEDURE p() ",
        "",
        "",
    ];

    private static readonly string[] Simple =
    [
        "SELECT a, CASE WHEN b THEN 1 ELSE 2 END AS c FROM t WHERE d IN (1, 2, 3)",
        "SET x = IF(a > 0, 1, 2)",
        "DECLARE v_status VARCHAR(20) DEFAULT 'CLOSED'",
        "DECLARE done INT DEFAULT FALSE",
        "DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE",
        "LEAVE lbl",
        "ITERATE lbl",
        "INSERT INTO t VALUES (1, 'a;b'), (2, 'c'), (2, 'c')",
        "UPDATE orders SET status = v_status WHERE id = p_id",
        "SELECT `end`, `begin`, `if` FROM t ORDER BY 1 DESC",
        "SELECT 1 /* ; END */",
        "SELECT x -- c; END\n",
        "RETURN amount * 0.17",
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'end;'",
        "CALL p(1, @v)",
        "SELECT :name",
        "SET @v := @v + 1",
        "XA BEGIN 'x'",
        "SELECT COUNT(*) INTO n FROM t GROUP BY 1",
        "SET NEW.updated_at = NOW()",
        "OPEN cur",
        "FETCH cur INTO a",
        "SELECT _utf8mb4'x', 0x1F, .5, 1e5, N'n', b'01', -1",
        "SELECT /*!40001 SQL_NO_CACHE */ a",
        "SELECT end FROM t",
        "SELECT 'it''s', \"d\", `a``b`",
        "SELECT a.b, t.`c` FROM db.t",
        "SELECT @@session.sql_mode",
        "SELECT /*+ BKA(t) */ x",
        "SELECT if(a, 1, 2), repeat('x', 3)",
        "SELECT a:b",
        "WHILE",
        "END",
        "BEGIN",
        "SELECT 1 ORDER BY 1",
    ];

    private static readonly string[] Conditions = ["a > 0", "done", "x IS NULL", "EXISTS (SELECT 1 FROM t)", "v = 'END IF'", "(a)"];

    private static readonly string[] Separators = [" ", "\n", "\n  ", "", " /* c */ ", " -- c\n", "#c\n", "\t"];

    /// <summary>Returns a routine or compound statement without the delimiter after it, malformed once in a while.</summary>
    public static string Routine(Random random)
    {
        StringBuilder builder = new();
        builder.Append(Headers[random.Next(Headers.Length)]);
        if (random.Next(6) == 0)
        {
            builder.Append(Simple[random.Next(Simple.Length)]);
        }
        else
        {
            AppendBlock(builder, random, 0);
        }

        if (builder.ToString().StartsWith("/*!", StringComparison.Ordinal))
        {
            builder.Append(" */");
        }

        return random.Next(5) == 0 ? Mutate(builder.ToString(), random) : builder.ToString();
    }

    /// <summary>
    /// Returns a script with one or two DELIMITER blocks, and the custom delimiter also inside words, numbers, strings,
    /// comments, backtick names and executable comments, with plain statements around them.
    /// </summary>
    public static string DelimiterScript(Random random)
    {
        StringBuilder builder = new();
        int blocks = random.Next(1, 3);
        for (int b = 0; b < blocks; b++)
        {
            if (random.Next(2) == 0)
            {
                builder.Append("SELECT 1;\n");
            }

            string delimiter = Delimiters[random.Next(Delimiters.Length)];
            builder.Append(random.Next(6) switch
            {
                0 => $"delimiter {delimiter}\n",
                1 => $"  DELIMITER {delimiter}  -- the rest of the line is ignored\n",
                2 when !delimiter.Contains('\'') => $"DELIMITER '{delimiter}'\n",
                3 => $"DELIMITER {delimiter}\r\n",
                _ => $"DELIMITER {delimiter}\n",
            });

            int statements = random.Next(1, 5);
            for (int s = 0; s < statements; s++)
            {
                builder.Append(DelimitedStatement(random, delimiter));
            }

            builder.Append(random.Next(8) == 0 ? "DELIMITER ;" : "DELIMITER ;\n");
            if (random.Next(2) == 0)
            {
                builder.Append("SELECT 2; CREATE TRIGGER t BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;\n");
            }
        }

        return random.Next(6) == 0 ? Mutate(builder.ToString(), random) : builder.ToString();
    }

    /// <summary>Returns one statement and the custom delimiter after it, with the delimiter also inside some of its tokens.</summary>
    public static string DelimitedStatement(Random random, string delimiter)
    {
        string statement = random.Next(6) switch
        {
            0 => $"SELECT 'a{delimiter}b', `c{delimiter}d` /* {delimiter} */ -- {delimiter}\nFROM t",
            1 => $"SELECT x{delimiter}y",
            2 => $"SELECT 1{delimiter}",
            3 => $"SELECT /*!50000 a{delimiter} */",
            4 => Routine(random),
            _ => Simple[random.Next(Simple.Length)],
        };
        string after = random.Next(4) switch
        {
            0 => delimiter,
            1 => " " + delimiter + "\n",
            2 => delimiter + " ",
            _ => delimiter + "\n",
        };
        return statement + after;
    }

    private static void AppendBlock(StringBuilder builder, Random random, int depth)
    {
        string label = random.Next(2) == 0 ? "lbl" : "outer_loop";
        switch (random.Next(8))
        {
            case 0:
                builder.Append("BEGIN");
                AppendStatements(builder, random, depth);
                builder.Append("END");
                break;
            case 1:
                builder.Append(label).Append(random.Next(2) == 0 ? ": BEGIN" : ":BEGIN");
                AppendStatements(builder, random, depth);
                builder.Append("END ").Append(label);
                break;
            case 2:
                builder.Append("IF ").Append(Conditions[random.Next(Conditions.Length)]).Append(" THEN");
                AppendStatements(builder, random, depth);
                if (random.Next(2) == 0)
                {
                    builder.Append("ELSEIF ").Append(Conditions[random.Next(Conditions.Length)]).Append(" THEN");
                    AppendStatements(builder, random, depth);
                }

                if (random.Next(2) == 0)
                {
                    builder.Append("ELSE");
                    AppendStatements(builder, random, depth);
                }

                builder.Append("END IF");
                break;
            case 3:
                builder.Append(random.Next(2) == 0 ? "CASE v WHEN 1 THEN" : "CASE WHEN a > 1 THEN");
                AppendStatements(builder, random, depth);
                builder.Append("ELSE");
                AppendStatements(builder, random, depth);
                builder.Append("END CASE");
                break;
            case 4:
                builder.Append(label).Append(": LOOP");
                AppendStatements(builder, random, depth);
                builder.Append("END LOOP ").Append(label);
                break;
            case 5:
                builder.Append("WHILE ").Append(Conditions[random.Next(Conditions.Length)]).Append(" DO");
                AppendStatements(builder, random, depth);
                builder.Append("END WHILE");
                break;
            case 6:
                builder.Append("REPEAT");
                AppendStatements(builder, random, depth);
                builder.Append("UNTIL ").Append(Conditions[random.Next(Conditions.Length)]).Append(" END REPEAT");
                break;
            default:
                builder.Append("BEGIN NOT ATOMIC");
                AppendStatements(builder, random, depth);
                builder.Append("END");
                break;
        }
    }

    private static void AppendStatements(StringBuilder builder, Random random, int depth)
    {
        int count = random.Next(1, 4);
        for (int k = 0; k < count; k++)
        {
            builder.Append(Separators[random.Next(Separators.Length)]);
            if (builder.Length > 0 && builder[^1] is not (' ' or '\n' or '\t'))
            {
                builder.Append(' ');
            }

            if (depth < 3 && random.Next(3) == 0)
            {
                AppendBlock(builder, random, depth + 1);
            }
            else
            {
                builder.Append(Simple[random.Next(Simple.Length)]);
            }

            builder.Append(';');
        }

        builder.Append(Separators[random.Next(Separators.Length)]);
        if (builder[^1] is not (' ' or '\n' or '\t'))
        {
            builder.Append(' ');
        }
    }

    /// <summary>Cuts out a piece of the text or puts a random fragment (a quote, a comment marker, a keyword) into it.</summary>
    private static string Mutate(string text, Random random)
    {
        int at = random.Next(text.Length + 1);
        if (random.Next(2) == 0 && at < text.Length)
        {
            return text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
        }

        return text.Insert(at, RandomSoupTests.Fragments[random.Next(RandomSoupTests.Fragments.Length)]);
    }
}
