// edge_auth_attempts_total over real sockets (implicit-TLS submission listener of the real host): every AUTH
// outcome counts once under its mechanism, and MAIL before AUTH counts as the auth_required policy refusal.
using System.Text;

namespace Edge.Gateway.Tests.Metrics;

public sealed class AuthMetricsTests
{
    private const string User = "alice@localhost";
    private const string Password = "correct horse battery";

    [Fact]
    public async Task AuthOutcomes_CountByMechanismAndResult()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(Password, 4);
        await using var host = await MetricsTestHost.StartAsync(
            $"--Edge:Auth:Users:0:Name={User}", $"--Edge:Auth:Users:0:PasswordHash={hash}",
            "--Edge:Auth:MaxFailures=2", "--Edge:Auth:TarpitDelay=00:00:00.010");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("235", await client.CommandAsync("AUTH PLAIN " + Plain(User, Password)));
            await client.QuitAsync();
        }

        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("530 5.7.0", await client.CommandAsync("MAIL FROM:<alice@localhost>"), StringComparison.Ordinal);
            Assert.StartsWith("334", await client.CommandAsync("AUTH LOGIN"));
            Assert.StartsWith("501 5.7.0", await client.CommandAsync("*"), StringComparison.Ordinal);
            Assert.StartsWith("501 5.5.2", await client.CommandAsync("AUTH PLAIN " + Base64("no separators")), StringComparison.Ordinal);
            Assert.StartsWith("334", await client.CommandAsync("AUTH LOGIN"));
            Assert.StartsWith("334", await client.CommandAsync(Base64(User)));
            Assert.StartsWith("535", await client.CommandAsync(Base64("wrong")));
            Assert.StartsWith("421", await client.CommandAsync("AUTH PLAIN " + Plain(User, "wrong again"))); // second failure: limit reached
            await client.WaitForCloseAsync();
        }

        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("421", await client.CommandAsync("AUTH PLAIN " + Plain(User, Password))); // blocked before trying
            await client.WaitForCloseAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        static (string, string)[] Labels(string mechanism, string result) =>
            [("listener", "submissions"), ("mechanism", mechanism), ("result", result)];
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("plain", "success")));
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("login", "cancelled")));
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("plain", "malformed")));
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("login", "failure")));
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("plain", "failure")));
        Assert.Equal(1, d.Of("edge_auth_attempts_total", Labels("plain", "blocked")));
        Assert.Equal(6, d.Sum("edge_auth_attempts_total"));
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "submissions"), ("reason", "auth_required")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
    }

    private static string Plain(string user, string password) => Base64("\0" + user + "\0" + password);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
