using ImagePin.Editing;

namespace ImagePin.Tests.Editing;

public class TextEditorTests
{
    [Fact]
    public void Only_the_edited_range_changes()
    {
        const string text = "FROM python:3.12 AS build\n";
        var result = TextEditor.Apply(text, [new TextEdit(5, 11, "python:3.12@sha256:abc")]);
        Assert.Equal("FROM python:3.12@sha256:abc AS build\n", result);
    }

    [Fact]
    public void Offsets_refer_to_the_original_text_whatever_order_edits_are_given_in()
    {
        const string text = "aaa bbb ccc";
        var result = TextEditor.Apply(text, [new TextEdit(8, 3, "Z"), new TextEdit(0, 3, "XXXXX"), new TextEdit(4, 3, "")]);
        Assert.Equal("XXXXX  Z", result);
    }

    [Fact]
    public void Overlapping_edits_are_rejected_naming_both_ranges()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TextEditor.Apply("0123456789", [new TextEdit(2, 4, "x"), new TextEdit(5, 3, "y")]));
        Assert.Contains("overlap", error.Message);
        Assert.Contains("[2..6)", error.Message);
        Assert.Contains("[5..8)", error.Message);
    }

    [Fact]
    public void Insertion_inside_a_replaced_range_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            TextEditor.Apply("0123456789", [new TextEdit(2, 4, "x"), new TextEdit(3, 0, "y")]));
    }

    [Fact]
    public void Two_insertions_at_the_same_offset_are_rejected_as_ambiguous()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TextEditor.Apply("abc", [new TextEdit(1, 0, "x"), new TextEdit(1, 0, "y")]));
        Assert.Contains("offset 1", error.Message);
    }

    [Fact]
    public void Edits_that_touch_without_overlapping_are_both_applied()
    {
        var result = TextEditor.Apply("abcdef", [new TextEdit(3, 3, "DEF"), new TextEdit(0, 3, "ABC"), new TextEdit(3, 0, "-")]);
        Assert.Equal("ABC-DEF", result);
    }

    [Fact]
    public void Edit_at_the_start_of_the_text_is_applied()
    {
        Assert.Equal("Xbc", TextEditor.Apply("abc", [new TextEdit(0, 1, "X")]));
    }

    [Fact]
    public void Insertion_at_the_end_of_the_text_is_applied()
    {
        Assert.Equal("abcX", TextEditor.Apply("abc", [new TextEdit(3, 0, "X")]));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 0)]
    [InlineData(0, -1)]
    [InlineData(1, int.MaxValue)]
    public void Edit_outside_the_text_is_rejected(int start, int length)
    {
        var error = Assert.Throws<ArgumentException>(() => TextEditor.Apply("abc", [new TextEdit(start, length, "x")]));
        Assert.Contains("outside the text of length 3", error.Message);
    }

    [Fact]
    public void No_edits_return_the_text_unchanged()
    {
        Assert.Equal("abc\r\n", TextEditor.Apply("abc\r\n", []));
    }

    [Fact]
    public void Crlf_line_endings_survive_edits_on_every_line()
    {
        const string text = "FROM a:1\r\nRUN x\r\nFROM b:2\r\n";
        var result = TextEditor.Apply(text, [new TextEdit(5, 3, "a:1@sha256:00"), new TextEdit(22, 3, "b:2@sha256:11")]);
        Assert.Equal("FROM a:1@sha256:00\r\nRUN x\r\nFROM b:2@sha256:11\r\n", result);
    }
}
