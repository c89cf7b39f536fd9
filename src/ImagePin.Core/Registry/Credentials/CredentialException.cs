namespace ImagePin.Registry.Credentials;

/// <summary>A credential store could not be read. The message names the file or helper, never a secret.</summary>
internal sealed class CredentialException(string message, Exception? inner = null) : Exception(message, inner);
