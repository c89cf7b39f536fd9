namespace ImagePin.Audit.Sbom;

/// <summary>An attestation layer that is not an in-toto statement carrying an SPDX 2.x document, or is over the bounds.</summary>
internal sealed class SbomFormatException(string message, Exception? inner = null) : Exception(message, inner);
