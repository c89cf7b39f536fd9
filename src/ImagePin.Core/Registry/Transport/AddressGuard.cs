using System.Net;
using System.Net.Sockets;

namespace ImagePin.Registry.Transport;

/// <summary>
/// The sockets handler's connect step: resolves the host itself and, for a request that carries
/// <see cref="RequestContext.AllowedScopes"/> (a token request, after the realm check), connects only to addresses in
/// those scopes. The realm check resolved the name once; this resolves it again at the moment of connecting, so a DNS
/// answer that changes in between (rebinding) cannot send credentials to a loopback, private or link-local address.
/// </summary>
internal sealed class AddressGuard(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await AddressesAsync(context.DnsEndPoint.Host, context.InitialRequestMessage, ct).ConfigureAwait(false);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses to connect to for <paramref name="endPointHost"/>, those outside the request's allowed scopes left out.</summary>
    /// <exception cref="AddressRefusedException">Every address is outside them.</exception>
    internal async Task<IPAddress[]> AddressesAsync(string endPointHost, HttpRequestMessage request, CancellationToken ct)
    {
        var host = endPointHost.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, ct).ConfigureAwait(false);
        // Through an HTTP proxy (HTTPS_PROXY) the connection goes to the proxy the user configured, which resolves the
        // realm itself: only a direct connection to the realm's host is checked here.
        var direct = string.Equals(host, request.RequestUri?.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
        if (!direct || !request.Options.TryGetValue(RequestContext.AllowedScopes, out var allowed)) return addresses;
        var permitted = addresses.Where(a => allowed.Contains(RegistryHosts.ScopeOf(a))).ToArray();
        if (permitted.Length == 0 && addresses.Length > 0)
            throw new AddressRefusedException(
                $"refusing to connect to token realm host {host}: it now resolves to a {TokenClient.Describe(RegistryHosts.ScopeOf(addresses[0]))} address ({addresses[0]}), which the realm check did not allow; credentials were not sent");
        return permitted;
    }
}

/// <summary>A connection refused by <see cref="AddressGuard"/>: a security decision, never retried.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);
