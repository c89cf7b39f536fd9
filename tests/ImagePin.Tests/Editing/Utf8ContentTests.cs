using ImagePin.Editing;

namespace ImagePin.Tests.Editing;

public class Utf8ContentTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public void Byte_order_mark_is_kept_through_decode_edit_encode()
    {
        byte[] bytes = [.. Bom, .. "FROM a\n"u8];
        var content = Utf8Content.Decode(bytes, "Dockerfile");
        Assert.True(content.HasByteOrderMark);
        Assert.Equal("FROM a\n", content.Text);

        var written = content.Encode(TextEditor.Apply(content.Text, [new TextEdit(5, 1, "b")]));
        Assert.Equal([.. Bom, .. "FROM b\n"u8], written);
    }

    [Fact]
    public void Text_without_byte_order_mark_is_written_without_one()
    {
        var content = Utf8Content.Decode("FROM a\r\n"u8.ToArray(), "Dockerfile");
        Assert.False(content.HasByteOrderMark);
        Assert.Equal("FROM a\r\n"u8.ToArray(), content.Encode(content.Text));
    }

    [Fact]
    public void Non_ascii_text_round_trips_byte_for_byte()
    {
        var bytes = "# café ☕\nFROM a\n"u8.ToArray();
        var content = Utf8Content.Decode(bytes, "Dockerfile");
        Assert.Equal(bytes, content.Encode(content.Text));
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_the_file_name_instead_of_being_replaced()
    {
        byte[] bytes = [(byte)'a', 0xC3, 0x28];
        var error = Assert.Throws<InvalidDataException>(() => Utf8Content.Decode(bytes, "sub/Dockerfile"));
        Assert.Contains("sub/Dockerfile", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }
}
