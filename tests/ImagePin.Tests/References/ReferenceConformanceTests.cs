using System.Text.Json;
using ImagePin.References;

namespace ImagePin.Tests.References;

/// <summary>
/// Every upstream vector, checked with the README's rule: a missing key is not checked, a null key
/// means the part must be absent. Vectors where we deliberately differ are listed in
/// <see cref="KnownDivergences"/> with the reason, and checked for the divergent behaviour instead.
/// </summary>
public class ReferenceConformanceTests
{
    private delegate void DivergenceCheck(JsonElement vector);

    /// <summary>Upstream vectors we do not follow, why, and what we do instead.</summary>
    private static readonly Dictionary<string, (string Reason, DivergenceCheck Check)> KnownDivergences = new()
    {
        // sha512 is registered by the OCI image spec and Docker accepts it; upstream's test expects
        // ErrDigestUnsupported only because its test binary does not link crypto/sha512.
        ["TestReferenceParse/15"] = ("sha512 digests are valid OCI digests", vector =>
        {
            Assert.True(ImageReference.TryParse(vector.Text("input"), out var reference, out var error), error?.Message);
            Assert.Equal("sha512", reference.Digest?.Algorithm);
            Assert.Equal(128, reference.Digest?.Hex.Length);
        }),
    };

    public static TheoryData<string> VectorIds() => ReferenceVectors.Ids();

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_behaves_as_upstream_or_as_documented_divergence(string id)
    {
        if (id == ReferenceVectors.CorpusUnavailable) Infrastructure.SharedCorpus.Require();
        var vector = ReferenceVectors.Get(id);
        if (KnownDivergences.TryGetValue(id, out var divergence))
        {
            divergence.Check(vector);
            return;
        }
        CheckAgainstUpstream(vector);
    }

    [Fact]
    public void Corpus_holds_all_352_vectors_and_every_divergence_names_one_of_them()
    {
        Assert.Equal(352, ReferenceVectors.All.Count);
        Assert.All(KnownDivergences.Keys, id => Assert.True(ReferenceVectors.All.ContainsKey(id), id));
    }

    private static void CheckAgainstUpstream(JsonElement vector)
    {
        var input = vector.Text("input");
        switch (vector.Text("api"))
        {
            case "Parse":
            case "Field.UnmarshalText (uses Parse)":
            {
                var ok = ImageReference.TryParse(input, out var reference, out var error);
                AssertOutcome(vector, ok, error);
                if (ok) AssertParts(vector, reference!, normalized: false);
                break;
            }
            case "WithName":
            {
                var ok = ImageReference.TryParseName(input, out var reference, out var error);
                AssertOutcome(vector, ok, error);
                if (ok) AssertParts(vector, reference!, normalized: false);
                break;
            }
            case "ParseNamed":
            {
                var ok = ImageReference.TryParseCanonical(input, out var reference, out var error);
                AssertOutcome(vector, ok, error);
                if (ok) AssertParts(vector, reference!, normalized: true);
                break;
            }
            case "ParseNormalizedNamed":
            {
                var ok = ImageReference.TryParseNormalized(input, out var reference, out var error);
                AssertOutcome(vector, ok, error);
                if (ok) AssertParts(vector, reference!, normalized: true);
                break;
            }
            case "ParseDockerRef":
            {
                var ok = ImageReference.TryParseDockerReference(input, out var reference, out var error);
                AssertOutcome(vector, ok, error);
                if (!ok) break;
                AssertParts(vector, reference!, normalized: true);
                Assert.True(ImageReference.TryParse(reference!.ToString(), out _, out var reparseError), reparseError?.Message);
                break;
            }
            case "ParseAnyReference":
                CheckParseAnyReference(vector, input);
                break;
            case "WithTag":
            case "WithDigest":
                CheckWithTagOrDigest(vector, input);
                break;
            case "FamiliarMatch":
            {
                Assert.True(ImageReference.TryParseAny(input, out var named, out _, out var error), error?.Message);
                var wellFormed = named!.TryMatchFamiliar(vector.Text("pattern"), out var matched);
                Assert.Equal(vector.GetProperty("valid").GetBoolean(), wellFormed);
                if (vector.Has("match")) Assert.Equal(vector.GetProperty("match").GetBoolean(), matched);
                break;
            }
            case "regexp:domainAndPort (anchored)":
                Assert.Equal(vector.GetProperty("match").GetBoolean(), ReferenceGrammar.IsDomainAndPort(input));
                break;
            case "regexp:anchoredName":
            {
                var matched = ReferenceGrammar.TryScanName(input, out var layout, out _);
                Assert.Equal(vector.GetProperty("match").GetBoolean(), matched);
                if (!matched) break;
                AssertField(vector, "domain", layout.HasDomain ? input[..layout.DomainEnd] : null);
                AssertField(vector, "path", input[layout.PathStart..layout.PathEnd]);
                break;
            }
            case "regexp:reference (anchored)":
            {
                var matched = ReferenceGrammar.TryScanReference(input, foldCase: false, out var layout, out _);
                Assert.Equal(vector.GetProperty("match").GetBoolean(), matched);
                if (!matched) break;
                AssertField(vector, "name", input[..layout.PathEnd]);
                AssertField(vector, "tag", layout.HasTag ? input[layout.TagStart..layout.TagEnd] : null);
                AssertField(vector, "digest", layout.HasDigest ? input[layout.DigestStart..] : null);
                break;
            }
            case "regexp:anchoredIdentifier":
                Assert.Equal(vector.GetProperty("match").GetBoolean(), ReferenceGrammar.IsIdentifier(input));
                break;
            default:
                Assert.Fail($"vector {vector.Text("id")} tests an api this suite does not know: {vector.Text("api")}");
                break;
        }
    }

    private static void CheckParseAnyReference(JsonElement vector, string input)
    {
        var ok = ImageReference.TryParseAny(input, out var named, out var digestOnly, out var error);
        AssertOutcome(vector, ok, error);
        if (!ok) return;
        Assert.True(named is null != digestOnly is null, "exactly one of named and digest-only must be set");
        if (vector.Has("result_kind"))
            Assert.Equal(vector.Text("result_kind"), named is null ? "digest-only" : "named");
        AssertField(vector, "normalized", named?.ToString() ?? digestOnly.ToString());
        AssertField(vector, "digest", (digestOnly ?? named!.Digest)?.ToString());
        if (named != null)
        {
            Assert.True(ImageReference.TryParse(named.ToString(), out var reparsed, out var reparseError), reparseError?.Message);
            Assert.Equal(named.ToString(), reparsed.ToString());
        }
    }

    /// <summary>
    /// The name comes from WithName (or ParseNormalizedNamed for TestInvalidReferenceComponents); a vector
    /// for one operation that also lists the other part had that part attached first.
    /// </summary>
    private static void CheckWithTagOrDigest(JsonElement vector, string input)
    {
        var fromNormalized = vector.Text("source").Contains("TestInvalidReferenceComponents", StringComparison.Ordinal);
        var baseOk = fromNormalized
            ? ImageReference.TryParseNormalized(input, out var name, out var baseError)
            : ImageReference.TryParseName(input, out name, out baseError);
        Assert.True(baseOk, baseError?.Message);

        bool ok;
        ImageReference? result;
        ReferenceError? error;
        if (vector.Text("api") == "WithTag")
        {
            if (vector.Has("digest")) name = name!.WithDigest(DigestFromText(vector.Text("digest")));
            ok = name!.TryWithTag(vector.Text("tag"), out result, out error);
        }
        else
        {
            if (vector.Has("tag")) name = name!.WithTag(vector.Text("tag"));
            ok = name!.TryWithDigest(DigestFromText(vector.Text("digest")), out result, out error);
        }
        AssertOutcome(vector, ok, error);
        if (!ok) return;
        AssertField(vector, "string", result!.ToString());
        AssertField(vector, "tag", result.Tag);
        AssertField(vector, "digest", result.Digest?.ToString());
    }

    /// <summary>Splits at the first ':' without validating, as Go's digest.Digest is a plain string.</summary>
    private static Digest DigestFromText(string text)
    {
        var colon = text.IndexOf(':');
        return colon < 0 ? new Digest(text, "") : new Digest(text[..colon], text[(colon + 1)..]);
    }

    private static void AssertParts(JsonElement vector, ImageReference reference, bool normalized)
    {
        AssertField(vector, "name", reference.Name);
        AssertField(vector, "domain", reference.Domain);
        AssertField(vector, "path", reference.Path);
        AssertField(vector, "tag", reference.Tag);
        AssertField(vector, "digest", reference.Digest?.ToString());
        AssertField(vector, "string", reference.ToString());
        if (normalized) AssertField(vector, "normalized", reference.ToString());
        AssertField(vector, "familiar", reference.Familiar);
    }

    private static void AssertOutcome(JsonElement vector, bool ok, ReferenceError? error)
    {
        if (vector.TryGetProperty("valid", out var valid))
            Assert.True(valid.GetBoolean() == ok, ok ? "accepted, but upstream rejects it" : $"rejected ({error?.Message}), but upstream accepts it");
        if (vector.TryGetProperty("error", out var expectedError) && expectedError.ValueKind != JsonValueKind.Null)
        {
            Assert.NotNull(error);
            Assert.Equal(UpstreamErrorKind(expectedError.GetString()!), error.Kind);
        }
        if (vector.TryGetProperty("error_message", out var expectedMessage) && expectedMessage.ValueKind != JsonValueKind.Null)
            Assert.StartsWith(expectedMessage.GetString()!, error?.Message ?? "(no error)", StringComparison.Ordinal);
    }

    private static ReferenceErrorKind UpstreamErrorKind(string goError) => goError switch
    {
        "ErrReferenceInvalidFormat" => ReferenceErrorKind.InvalidFormat,
        "ErrNameEmpty" => ReferenceErrorKind.NameEmpty,
        "ErrNameContainsUppercase" => ReferenceErrorKind.NameContainsUppercase,
        "ErrNameTooLong" => ReferenceErrorKind.NameTooLong,
        "ErrNameNotCanonical" => ReferenceErrorKind.NameNotCanonical,
        "ErrTagInvalidFormat" => ReferenceErrorKind.TagInvalidFormat,
        "ErrDigestInvalidFormat" or "digest.ErrDigestInvalidFormat" => ReferenceErrorKind.DigestInvalidFormat,
        "digest.ErrDigestInvalidLength" => ReferenceErrorKind.DigestInvalidLength,
        "digest.ErrDigestUnsupported" => ReferenceErrorKind.DigestUnsupported,
        _ => throw new ArgumentException($"unknown upstream error {goError}", nameof(goError)),
    };

    private static void AssertField(JsonElement vector, string key, string? actual)
    {
        if (!vector.TryGetProperty(key, out var expected)) return;
        var expectedText = expected.ValueKind == JsonValueKind.Null ? null : expected.GetString();
        Assert.True(expectedText == actual, $"{key}: expected {Show(expectedText)}, got {Show(actual)}");
    }

    private static string Show(string? text) => text is null ? "(absent)" : $"\"{text}\"";
}
