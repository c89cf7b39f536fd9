namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// An <c>ARG NAME=default</c> whose default supplied a whole image reference. <c>pin</c> writes the digest
/// into the default when every use of the ARG is a whole image reference.
/// </summary>
/// <param name="Name">The ARG name.</param>
/// <param name="Default">The default as written (quotes included).</param>
/// <param name="Location">Where the default's characters are in the file.</param>
internal sealed record ArgDefault(string Name, string Default, TextLocation Location);
