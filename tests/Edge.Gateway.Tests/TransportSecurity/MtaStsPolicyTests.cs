// MtaStsPolicyTests: the policy model: bytes in RFC 8461 3.2 order with CRLF, and the id derived from them, which
// changes exactly when the served bytes change (mode, an mx pattern, their order, max_age) and never otherwise.
using System.Security.Cryptography;
using System.Text;
using Edge.Gateway.TransportSecurity;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class MtaStsPolicyTests
{
    [Fact]
    public void Create_Enforce_BytesInRfcOrderWithCrlf()
    {
        var policy = MtaStsPolicy.Create(Options("enforce", 604800, "mx1.example.com", "*.mx.example.com"));

        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.mx.example.com\r\nmax_age: 604800\r\n", Encoding.ASCII.GetString(policy.Content));
        Assert.Equal("mta-sts.example.com", policy.PolicyHost);
    }

    [Fact]
    public void Id_First20HexOfSha256OfBytes_SameForSamePolicy()
    {
        var a = MtaStsPolicy.Create(Options("enforce", 86400, "mx.example.com"));
        var b = MtaStsPolicy.Create(Options("ENFORCE", 86400, "MX.example.com."));   // normalised: same bytes served

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(a.Content))[..20], a.Id);
        Assert.Equal(a.Content, b.Content);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal($"v=STSv1; id={a.Id}", a.TxtRecord);
        Assert.Matches("^[0-9a-f]{20}$", a.Id);
    }

    [Fact]
    public void Id_ChangesWithEveryServedField()
    {
        var baseline = MtaStsPolicy.Create(Options("enforce", 86400, "mx1.example.com", "mx2.example.com")).Id;
        string[] variants =
        [
            MtaStsPolicy.Create(Options("testing", 86400, "mx1.example.com", "mx2.example.com")).Id,
            MtaStsPolicy.Create(Options("enforce", 86401, "mx1.example.com", "mx2.example.com")).Id,
            MtaStsPolicy.Create(Options("enforce", 86400, "mx2.example.com", "mx1.example.com")).Id,
            MtaStsPolicy.Create(Options("enforce", 86400, "mx1.example.com")).Id,
            MtaStsPolicy.Create(Options("enforce", 86400, "mx1.example.com", "mx2.example.com", "mx3.example.com")).Id,
        ];

        Assert.DoesNotContain(baseline, variants);
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    private static MtaStsPolicyOptions Options(string mode, long maxAge, params string[] mx)
    {
        var options = new MtaStsPolicyOptions { Domain = "example.com", Mode = mode, MaxAgeSeconds = maxAge };
        options.Mx.AddRange(mx);
        return options;
    }
}
