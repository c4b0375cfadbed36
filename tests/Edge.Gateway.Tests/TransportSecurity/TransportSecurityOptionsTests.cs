// TransportSecurityOptionsTests: Edge:MtaSts and Edge:Dane are validated at start-up with messages naming the key,
// and a bad value stops the real host from starting.
using Edge.Gateway.TransportSecurity;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class TransportSecurityOptionsTests
{
    [Fact]
    public void MtaSts_BadValues_EachNamedByKey()
    {
        var options = new MtaStsOptions { Endpoint = "nowhere", ExpiryMarginDays = -1 };
        options.Policies.Add(new MtaStsPolicyOptions { Domain = "example.com", Mode = "enforcing", MaxAgeSeconds = 40_000_000 });
        options.Policies.Add(new MtaStsPolicyOptions { Domain = "EXAMPLE.com", Mode = "enforce" });
        options.Policies.Add(new MtaStsPolicyOptions { Domain = "bad domain", Mode = "none", Mx = { "mx..example.com" } });
        options.ReportingAddresses.Add("tlsrpt@example.com");
        options.ReportingAddresses.Add("http://reports.example.com/tlsrpt");

        var failures = Failures(new MtaStsOptionsValidator().Validate(null, options));

        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Endpoint: 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:0:Mode: 'enforcing' is not one of enforce, testing, none", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:0:MaxAgeSeconds:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:1:Domain: 'EXAMPLE.com' has another policy", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:1:Mx: at least one MX pattern", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:2:Domain: 'bad domain'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:Policies:2:Mx:0: 'mx..example.com'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:ReportingAddresses:0:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:ReportingAddresses:1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:MtaSts:ExpiryMarginDays:", StringComparison.Ordinal));
        Assert.Equal(10, failures.Count);
    }

    [Fact]
    public void MtaSts_GoodValues_Pass()
    {
        var options = new MtaStsOptions { Endpoint = "0.0.0.0:443", ReportingAddresses = { "mailto:tlsrpt@example.com", "https://reports.example.com/tlsrpt" } };
        options.Policies.Add(new MtaStsPolicyOptions { Domain = "example.com", Mode = "enforce", Mx = { "mx.example.com", "*.mx.example.com" } });
        options.Policies.Add(new MtaStsPolicyOptions { Domain = "example.org", Mode = "none" });

        Assert.True(new MtaStsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Dane_BadValues_EachNamedByKey()
    {
        var options = new DaneOptions { Resolver = "dns.example.com:53", ResolverTimeout = TimeSpan.Zero, OnMismatch = "ignore" };
        options.Tlsa.Add(new DaneTlsaOptions { Host = "mx.example.com", Record = "3 1 1 zz" });
        options.Tlsa.Add(new DaneTlsaOptions { Host = "mx.example.com", Record = "1 1 1 0a0b" });
        options.Tlsa.Add(new DaneTlsaOptions { Host = "not a host", Record = "3 1 1 0a0b" });

        var failures = Failures(new DaneOptionsValidator().Validate(null, options));

        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:Tlsa:0:Record: '3 1 1 zz' is not a TLSA record", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:Tlsa:1:Record: '1 1 1 0a0b' cannot be used", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:Tlsa:2:Host:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:Resolver: 'dns.example.com:53'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:Hosts: a resolver is configured", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:ResolverTimeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Edge:Dane:OnMismatch: 'ignore'", StringComparison.Ordinal));
        Assert.Equal(7, failures.Count);
    }

    [Fact]
    public async Task Host_BadMtaStsMode_DoesNotStart_MessageNamesKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StsGateway.StartAsync(
            "--Edge:MtaSts:Policies:0:Domain=example.com", "--Edge:MtaSts:Policies:0:Mode=strict", "--Edge:MtaSts:Policies:0:Mx:0=mx.example.com"));

        Assert.Contains("Edge:MtaSts:Policies:0:Mode: 'strict'", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Failures(ValidateOptionsResult result)
    {
        Assert.True(result.Failed);
        return [.. result.Failures!];
    }
}
