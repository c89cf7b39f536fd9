using System.Net;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Tests.Registry;

public sealed class RegistryHostsTests
{
    [Theory]
    [InlineData("docker.io", "registry-1.docker.io")]
    [InlineData("index.docker.io", "registry-1.docker.io")]
    [InlineData("ghcr.io", "ghcr.io")]
    [InlineData("localhost:5000", "localhost:5000")]
    public void Api_authority_maps_docker_hub_names_only(string registry, string expected)
    {
        Assert.Equal(expected, RegistryRouting.Direct.AuthorityOf(registry));
    }

    [Theory]
    [InlineData("docker.io", "mirror.example.com:5000")]
    [InlineData("index.docker.io", "mirror.example.com:5000")]
    [InlineData("registry-1.docker.io", "mirror.example.com:5000")]
    [InlineData("ghcr.io", "ghcr.io")]
    public void A_mirror_replaces_every_name_of_its_registry_and_no_other(string registry, string expected)
    {
        var routing = new RegistryRouting(new Dictionary<string, string> { ["docker.io"] = "mirror.example.com:5000" });

        Assert.Equal(expected, routing.AuthorityOf(registry));
        Assert.Equal(expected != "ghcr.io", routing.IsMirrored(registry));
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10:443", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("10.0.0.1:5000", false)]
    [InlineData("registry.example.com", false)]
    [InlineData("localhost.example.com", false)]
    public void Loopback_hosts_are_recognised(string authority, bool loopback)
    {
        Assert.Equal(loopback, RegistryHosts.IsLoopback(authority));
    }

    [Theory]
    [InlineData("169.254.169.254", "LinkLocal")]
    [InlineData("fe80::1", "LinkLocal")]
    [InlineData("10.20.30.40", "Private")]
    [InlineData("172.16.0.1", "Private")]
    [InlineData("172.32.0.1", "Public")]
    [InlineData("192.168.1.1", "Private")]
    [InlineData("fd00::1", "Private")]
    [InlineData("::ffff:10.0.0.1", "Private")]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("8.8.8.8", "Public")]
    [InlineData("2001:4860:4860::8888", "Public")]
    public void Addresses_are_classified_by_scope(string address, string scope)
    {
        Assert.Equal(Enum.Parse<AddressScope>(scope), RegistryHosts.ScopeOf(IPAddress.Parse(address)));
    }
}
