using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Hosting;

/// <summary><c>Edge:Listeners:N:BareLineEndings</c>: reject (default, tested in Connections) or normalize.</summary>
public class BareLineEndingsOptionTests
{
    [Fact]
    public async Task Normalize_BareLfAndSmugglingShape_DeliveredOnceAsCanonicalCrlf()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:BareLineEndings=normalize");
        await using var client = await RawSmtpClient.OpenSessionAsync(host.Mx);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<b@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        await client.SendAsync("Subject: n\r\n\r\none\ntwo\n.\nMAIL FROM:<evil@example.org>\r\n.\r\n");
        var final = await client.ReadReplyAsync();
        Assert.Equal(250, final.Code);

        var file = Assert.Single(await host.WaitForDeliveriesAsync([], 1));
        var bytes = await File.ReadAllBytesAsync(file);
        var body = System.Text.Encoding.ASCII.GetString(bytes);
        var content = body[(body.IndexOf("Subject: n", StringComparison.Ordinal))..];
        Assert.Equal("Subject: n\r\n\r\none\r\ntwo\r\n.\r\nMAIL FROM:<evil@example.org>\r\n", content);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"bare LF at {i}");
            }
        }
    }

    [Fact]
    public async Task InvalidValue_StartupFailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync("--Edge:Listeners:0:BareLineEndings=fix"));
        Assert.Contains("Edge:Listeners:0:BareLineEndings", error.ToString(), StringComparison.Ordinal);
    }
}
