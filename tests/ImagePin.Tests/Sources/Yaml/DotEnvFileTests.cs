using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

public class DotEnvFileTests
{
    [Fact]
    public void Compose_env_file_rules()
    {
        const string text = """
            # comment
            
            VAR=VAL
            export EXPORTED=yes
              INDENTED = spaced
            UNQ=VAL # comment
            UNQHASH=VAL# not a comment
            DQ="VAL # not a comment" # comment
            SQ='VAL # not a comment'
            SQLIT='$VAR ${VAR}'
            SQESC='Let\'s go!'
            DQJSON="{\"hello\": \"json\"}"
            DQTAB="some\tvalue"
            SQTAB='some\tvalue'
            UNQTAB=some\tvalue
            INTERP=${VAR}-$EXPORTED
            DQINTERP="${MISSING:-fallback}"
            DQDOLLAR="\$VAR"
            EMPTY=
            MULTI="line one
            line two"
            AFTER=after
            """;
        var env = DotEnvFile.Parse(text);
        Assert.Empty(env.Errors);
        var v = env.Values;
        Assert.Equal("VAL", v["VAR"]);
        Assert.Equal("yes", v["EXPORTED"]);
        Assert.Equal("spaced", v["INDENTED"]);
        Assert.Equal("VAL", v["UNQ"]);
        Assert.Equal("VAL# not a comment", v["UNQHASH"]);
        Assert.Equal("VAL # not a comment", v["DQ"]);
        Assert.Equal("VAL # not a comment", v["SQ"]);
        Assert.Equal("$VAR ${VAR}", v["SQLIT"]);
        Assert.Equal("Let's go!", v["SQESC"]);
        Assert.Equal("{\"hello\": \"json\"}", v["DQJSON"]);
        Assert.Equal("some\tvalue", v["DQTAB"]);
        Assert.Equal("some\\tvalue", v["SQTAB"]);
        Assert.Equal("some\\tvalue", v["UNQTAB"]);
        Assert.Equal("VAL-yes", v["INTERP"]);
        Assert.Equal("fallback", v["DQINTERP"]);
        Assert.Equal("$VAR", v["DQDOLLAR"]);
        Assert.Equal("", v["EMPTY"]);
        Assert.Equal("line one\nline two", v["MULTI"]);
        Assert.Equal("after", v["AFTER"]);
    }

    [Fact]
    public void Environment_fills_interpolation_and_bare_names()
    {
        var env = DotEnvFile.Parse("A=${HOME_DIR}/x\nINHERIT\nGONE\nB=$UNSET.\n", n => n switch { "HOME_DIR" => "/h", "INHERIT" => "from-env", _ => null });
        Assert.Equal("/h/x", env.Values["A"]);
        Assert.Equal("from-env", env.Values["INHERIT"]);
        Assert.False(env.Values.ContainsKey("GONE"));
        Assert.Equal(".", env.Values["B"]);
    }

    [Fact]
    public void Later_lines_win_and_crlf_is_a_line_end()
    {
        var env = DotEnvFile.Parse("A=1\r\nA=2\r\nB='x'\r\n");
        Assert.Equal("2", env.Values["A"]);
        Assert.Equal("x", env.Values["B"]);
    }

    [Fact]
    public void Bad_lines_are_located_errors()
    {
        var env = DotEnvFile.Parse("OK=1\n1BAD=2\n=3\nNOEQ value\nQ=\"open\n");
        Assert.Equal([2, 3, 4, 5], env.Errors.Select(e => e.Line));
        Assert.Equal("1", env.Values["OK"]);
    }
}
