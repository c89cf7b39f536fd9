using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>Prints instructions in BuildKit's Node.Dump() format, e.g. <c>(copy ["--from=a"] "x" "/y")</c>.</summary>
internal static class NodeDumper
{
    public static string Dump(DockerfileDocument document)
    {
        var builder = new StringBuilder();
        foreach (var instruction in document.Instructions)
        {
            builder.Append('(');
            AppendNode(builder, instruction);
            builder.Append(")\n");
        }
        return builder.ToString().Trim();
    }

    /// <summary>One instruction as its line of the dump, parentheses included.</summary>
    public static string Dump(Instruction instruction)
    {
        var builder = new StringBuilder("(");
        AppendNode(builder, instruction);
        return builder.Append(')').ToString();
    }

    private static void AppendNode(StringBuilder builder, Instruction instruction)
    {
        var start = builder.Length;
        builder.Append(instruction.Name);
        if (instruction.Flags.Count > 0)
        {
            builder.Append(" [");
            for (var i = 0; i < instruction.Flags.Count; i++)
            {
                if (i > 0) builder.Append(' ');
                GoText.AppendQuoted(builder, instruction.Flags[i].Text);
            }
            builder.Append(']');
        }
        if (instruction.Trigger != null)
        {
            builder.Append(" (");
            AppendNode(builder, instruction.Trigger);
            builder.Append(')');
        }
        // BuildKit keeps one empty argument node for instructions it has no parser for.
        if (!instruction.IsKnown) builder.Append(" \"\"");
        foreach (var argument in instruction.Arguments)
        {
            builder.Append(' ');
            GoText.AppendQuoted(builder, argument.Value);
        }
        TrimStart(builder, start);
    }

    // Go trims each node's dump; only an empty keyword can leave leading space.
    private static void TrimStart(StringBuilder builder, int start)
    {
        var end = start;
        while (end < builder.Length && GoText.IsSpace(builder[end])) end++;
        builder.Remove(start, end - start);
    }
}
