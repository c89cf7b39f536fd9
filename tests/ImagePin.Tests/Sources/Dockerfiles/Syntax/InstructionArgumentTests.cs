using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class InstructionArgumentTests
{
    [Fact]
    public void Onbuild_copy_from_is_a_nested_instruction_with_its_own_flags()
    {
        var document = Parsed("FROM a\nONBUILD COPY --from=builder /src /dst\n");
        var onbuild = document.Instructions[1];
        var trigger = Assert.IsType<Instruction>(onbuild.Trigger);

        Assert.Empty(onbuild.Flags);
        Assert.Empty(onbuild.Arguments);
        Assert.Equal("copy", trigger.Name);
        var from = Assert.Single(trigger.Flags);
        Assert.Equal(("from", "builder"), (from.Name, from.Value));
        Assert.Equal(new SourceSpan(27, 7, 2, 21, 2, 27), from.ValueSpan);
        Assert.Equal(["/src", "/dst"], trigger.Values());
        Assert.Equal("(onbuild (copy [\"--from=builder\"] \"/src\" \"/dst\"))", onbuild.ToString());
    }

    [Fact]
    public void Bare_flag_has_no_value_and_double_dash_ends_flags()
    {
        var copy = Parsed("FROM a\nCOPY --link -- --not-a-flag /dst\n").Instructions[1];
        var link = Assert.Single(copy.Flags);
        Assert.Equal(("link", null), (link.Name, link.Value));
        Assert.Null(link.ValueSpan);
        Assert.Equal(["--not-a-flag", "/dst"], copy.Values());
    }

    [Fact]
    public void Invalid_json_falls_back_to_shell_form()
    {
        var cmd = Parsed("FROM a\nCMD ['single', 'quotes']\n").Instructions[1];
        Assert.False(cmd.IsJsonForm);
        Assert.Equal(["['single', 'quotes']"], cmd.Values());
    }

    [Fact]
    public void Copy_json_form_lists_its_elements()
    {
        var copy = Parsed("FROM a\nCOPY [\"a b\", \"/dst/\"]\n").Instructions[1];
        Assert.True(copy.IsJsonForm);
        Assert.Equal(["a b", "/dst/"], copy.Values());
    }

    [Fact]
    public void Json_array_with_a_number_is_an_error()
    {
        var error = Failed("FROM a\nENTRYPOINT [\"run\", 1]\n");
        Assert.Equal("when using JSON array syntax, arrays must be comprised of strings only", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Env_old_form_keeps_the_rest_of_the_line_as_value()
    {
        var env = Parsed("FROM a\nENV PATH /usr/bin:$PATH  extra\n").Instructions[1];
        Assert.Equal(["PATH", "/usr/bin:$PATH  extra", ""], env.Values());
    }

    [Fact]
    public void Env_mixing_forms_reports_the_word_without_equals()
    {
        var error = Failed("FROM a\nENV A=1 B\n");
        Assert.Equal("Syntax error - can't find = in \"B\". Must be of the form: name=value", error.Message);
        Assert.Equal((2, 9), (error.Line, error.Column));
    }

    [Fact]
    public void Env_without_value_is_an_error()
    {
        Assert.Equal("ENV must have two arguments", Failed("FROM a\nENV PATH\n").Message);
    }

    [Fact]
    public void Arg_words_keep_quotes_as_written()
    {
        var arg = Parsed("ARG a=\"x y\" b\nFROM c\n").Instructions[0];
        Assert.Equal(["a=\"x y\"", "b"], arg.Values());
    }

    [Fact]
    public void Healthcheck_first_word_is_the_type_and_the_rest_is_a_command()
    {
        var document = Parsed("FROM a\nHEALTHCHECK --retries=3 CMD [\"curl\", \"-f\"]\nHEALTHCHECK NONE\n");
        Assert.Equal(["CMD", "curl", "-f"], document.Instructions[1].Values());
        Assert.True(document.Instructions[1].IsJsonForm);
        Assert.Equal(["NONE"], document.Instructions[2].Values());
    }

    [Fact]
    public void Maintainer_user_and_workdir_take_the_whole_rest()
    {
        var document = Parsed("FROM a\nMAINTAINER Jane Doe <j@d.e>\nWORKDIR /my dir\n");
        Assert.Equal(["Jane Doe <j@d.e>"], document.Instructions[1].Values());
        Assert.Equal(["/my dir"], document.Instructions[2].Values());
    }

    [Fact]
    public void Unknown_instruction_is_kept_and_dumped_with_an_empty_argument()
    {
        var document = Parsed("FROM a\nFOO bar baz\n");
        Assert.Equal("foo", document.Instructions[1].Name);
        Assert.Equal("(foo \"\")", document.Instructions[1].ToString());
    }

    [Fact]
    public void File_with_only_comments_has_no_instructions()
    {
        var error = Failed("# just\n# comments\n");
        Assert.Equal("file with no instructions", error.Message);
    }
}
