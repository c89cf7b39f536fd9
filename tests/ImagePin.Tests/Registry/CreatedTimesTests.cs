using System.Text;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Tests.Registry;

public sealed class CreatedTimesTests
{
    private static readonly DateTimeOffset HalfPastEight = new(2024, 5, 17, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Time_with_nine_fraction_digits_as_Go_writes_it_keeps_the_first_seven()
    {
        Assert.Equal(HalfPastEight.AddTicks(1234567), Rfc3339.Parse("2024-05-17T08:30:00.123456789Z"));
    }

    [Fact]
    public void Time_with_an_offset_is_the_same_instant_in_utc()
    {
        var parsed = Rfc3339.Parse("2024-05-17T10:30:00+02:00");

        Assert.Equal(HalfPastEight, parsed);
        Assert.Equal(TimeSpan.Zero, parsed!.Value.Offset);
    }

    [Theory]
    [InlineData("2024-05-17")]
    [InlineData("2024-05-17T08:30:00")]
    [InlineData("2024-13-01T08:30:00Z")]
    [InlineData("2024-02-30T08:30:00Z")]
    [InlineData("17 May 2024 08:30")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("２０２４-05-17T08:30:00Z")]
    public void Text_that_is_not_an_rfc3339_time_is_no_created_time(string text)
    {
        Assert.Null(Rfc3339.Parse(text));
    }

    [Fact]
    public void Config_created_is_read_from_the_config()
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","created":"2024-05-17T08:30:00Z"}""");

        Assert.Equal(HalfPastEight, ImageConfig.Parse(config, "r/x@sha256:c").Created);
    }

    [Theory]
    [InlineData("""{"created":5}""")]
    [InlineData("""{"created":"not a time"}""")]
    [InlineData("""{"os":"linux"}""")]
    [InlineData("""[]""")]
    public void Config_without_a_usable_created_string_has_no_created_time(string json)
    {
        Assert.Null(ImageConfig.Parse(Encoding.UTF8.GetBytes(json), "r/x@sha256:c").Created);
    }

    [Fact]
    public void Config_that_is_not_json_fails_naming_the_config()
    {
        var error = Assert.Throws<RegistryException>(() => ImageConfig.Parse("{created"u8.ToArray(), "reg/x@sha256:c"));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
        Assert.Contains("reg/x@sha256:c", error.Message);
    }

    [Fact]
    public void Annotation_is_read_from_a_manifest_and_other_annotations_are_ignored()
    {
        var annotated = Manifest("""{"schemaVersion":2,"manifests":[],"annotations":{"org.opencontainers.image.created":"2024-05-17T08:30:00Z","org.opencontainers.image.version":"1"}}""");
        var other = Manifest("""{"schemaVersion":2,"manifests":[],"annotations":{"org.opencontainers.image.version":"1"}}""");

        Assert.Equal(HalfPastEight, Rfc3339.Parse(annotated.Annotation(ImagePin.Registry.Oci.Manifest.CreatedAnnotation)!));
        Assert.Null(other.Annotation(ImagePin.Registry.Oci.Manifest.CreatedAnnotation));
    }

    private static Manifest Manifest(string json) =>
        ManifestParser.Parse("sha256:" + new string('1', 64), MediaTypes.OciIndex, Encoding.UTF8.GetBytes(json), "test");
}
