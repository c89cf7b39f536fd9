namespace ImagePin.Audit.Vulnerabilities;

/// <summary>An OSV record or export that is not valid OSV JSON, or is larger than the bounds allow.</summary>
internal sealed class OsvFormatException(string message, Exception? inner = null) : Exception(message, inner);
