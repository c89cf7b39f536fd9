using System.Net;
using System.Net.Sockets;

namespace ImagePin.Registry;

internal enum AddressScope { Public, Loopback, Private, LinkLocal }

internal static class RegistryHosts
{
    /// <summary>Host part of an authority ("host:port", "[v6]:port"), without brackets.</summary>
    public static string HostOf(string authority) =>
        Uri.TryCreate("https://" + authority, UriKind.Absolute, out var uri) ? uri.IdnHost.Trim('[', ']') : authority;

    /// <summary>localhost, 127.0.0.0/8 and ::1: Docker lets these fall back to plain HTTP.</summary>
    public static bool IsLoopback(string authority)
    {
        var host = HostOf(authority);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    public static AddressScope ScopeOf(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip)) return AddressScope.Loopback;
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return b[0] switch
            {
                169 when b[1] == 254 => AddressScope.LinkLocal,
                10 or 0 => AddressScope.Private,
                172 when b[1] is >= 16 and <= 31 => AddressScope.Private,
                192 when b[1] == 168 => AddressScope.Private,
                100 when b[1] is >= 64 and <= 127 => AddressScope.Private, // carrier-grade NAT
                _ => AddressScope.Public,
            };
        }
        if (ip.IsIPv6LinkLocal) return AddressScope.LinkLocal;
        if (ip.IsIPv6UniqueLocal || ip.IsIPv6SiteLocal || ip.Equals(IPAddress.IPv6Any)) return AddressScope.Private;
        return AddressScope.Public;
    }

    /// <summary>The least public scope among the addresses a host name or literal stands for.</summary>
    public static async Task<AddressScope> ResolveScopeAsync(string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return AddressScope.Loopback;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await resolve(host, ct).ConfigureAwait(false); }
            catch (SocketException) { return AddressScope.Public; } // unresolvable: the request itself will fail
        }
        var scopes = addresses.Select(ScopeOf).ToList();
        return scopes.Count == 0 ? AddressScope.Public : scopes.Max();
    }
}
