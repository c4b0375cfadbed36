// BackendAuthTests: Edge:Auth:Backend over real sockets, MailKit and a raw client against the in-test backend MTA.
// The backend's 235 is the client's 235 (then mail is relayed), its 535 the client's 535 5.7.8 (counted towards
// MaxFailures like a local failure), and anything else, a timeout or an unreachable backend a temporary 454 4.7.0
// that is not counted. With Tls=starttls the credentials go to the backend inside TLS. Validation: Users and
// Backend are exclusive, Backend must exist, and plaintext AUTH only to a loopback backend.
using System.Text;
using Edge.Gateway.Configuration;
using Edge.Gateway.Tests.Relay;
using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tests.Tls;
using MailKit.Security;

namespace Edge.Gateway.Tests.Auth;

public sealed class BackendAuthTests
{
    private const string User = "alice@localhost";
    private const string Password = "backend secret";

    private static Task<GatewayHost> StartAsync(TestBackendMta backend, params string[] extra) =>
        GatewayHost.StartAsync([
            "--Edge:Backends:0:Name=mta", $"--Edge:Backends:0:Endpoint={backend.Endpoint}",
            "--Edge:Auth:Backend=mta", "--Edge:Auth:MaxFailures=2", "--Edge:Auth:TarpitDelay=00:00:00",
            .. extra,
        ]);

    private static string Plain(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    private static async Task<RawSmtpClient> SubmissionsAsync(GatewayHost host)
    {
        var client = await RawSmtpClient.OpenSessionAsync(host.Submissions, implicitTls: true);
        return client;
    }

    [Fact]
    public async Task MailKit_BackendAccepts_235AndMailRelayed()
    {
        await using var backend = new TestBackendMta();
        backend.AuthUsers[User] = Password;
        await using var host = await StartAsync(backend);
        using var client = await MailKitClient.ConnectAsync(host.Submissions, SecureSocketOptions.SslOnConnect);

        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(User, Password);
        await client.SendAsync(MailKitClient.TextMessage("via backend auth", "Hello."));
        await client.DisconnectAsync(quit: true);

        Assert.Single(backend.Messages);
        Assert.Equal([User + " plain"], backend.AuthAttempts);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task MailKit_BackendRejects_535AndCountedTowardsTheLimit()
    {
        await using var backend = new TestBackendMta();
        backend.AuthUsers[User] = Password;
        await using var host = await StartAsync(backend);
        using (var client = await MailKitClient.ConnectAsync(host.Submissions, SecureSocketOptions.SslOnConnect))
        {
            client.AuthenticationMechanisms.Remove("LOGIN"); // one attempt: MailKit would otherwise retry with LOGIN
            var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(User, "wrong"));
            Assert.Contains("5.7.8", error.Message, StringComparison.Ordinal);
        }

        // MaxFailures=2: the second failure from this address closes with 421, and the next connection is blocked.
        await using (var raw = await SubmissionsAsync(host))
        {
            Assert.StartsWith("421 4.7.0", (await raw.CommandAsync("AUTH PLAIN " + Plain(User, "wrong again"))).Lines[0], StringComparison.Ordinal);
        }

        await using (var raw = await SubmissionsAsync(host))
        {
            Assert.StartsWith("421 4.7.0", (await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password))).Lines[0], StringComparison.Ordinal);
        }

        Assert.Equal(2, backend.AuthAttempts.Count); // the blocked attempt never reached the backend
        Assert.Empty(backend.Messages);
    }

    [Fact]
    public async Task Raw_BackendAnswers454_Temporary454NotCounted()
    {
        await using var backend = new TestBackendMta { AuthReply = "454 4.7.0 Try again later" };
        await using var host = await StartAsync(backend);
        await using var raw = await SubmissionsAsync(host);

        for (int i = 0; i < 3; i++) // more than MaxFailures: temporary failures do not block
        {
            Assert.Equal(["454 4.7.0 Temporary authentication failure"], (await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password))).Lines);
        }

        Assert.StartsWith("530 5.7.0", (await raw.CommandAsync("MAIL FROM:<a@localhost>")).Lines[0], StringComparison.Ordinal);
        Assert.Equal(3, backend.AuthAttempts.Count);
    }

    [Fact]
    public async Task Raw_BackendUnreachable_454()
    {
        await using var backend = new TestBackendMta();
        backend.AuthUsers[User] = Password;
        await using var host = await StartAsync(backend);
        await backend.StopAsync();
        await using var raw = await SubmissionsAsync(host);

        Assert.Equal(["454 4.7.0 Temporary authentication failure"], (await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password))).Lines);
    }

    [Fact]
    public async Task Raw_BackendSlowerThanBackendTimeout_454()
    {
        await using var backend = new TestBackendMta { AuthDelay = TimeSpan.FromSeconds(5) };
        backend.AuthUsers[User] = Password;
        await using var host = await StartAsync(backend, "--Edge:Auth:BackendTimeout=00:00:01");
        await using var raw = await SubmissionsAsync(host);

        Assert.Equal(["454 4.7.0 Temporary authentication failure"], (await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password))).Lines);
    }

    [Fact]
    public async Task MailKit_BackendStartTls_CredentialsSentInsideTls()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate };
        backend.AuthUsers[User] = Password;
        await using var host = await StartAsync(backend, "--Edge:Backends:0:Tls=starttls", "--Edge:Backends:0:TlsVerify=false");
        using var client = await MailKitClient.ConnectAsync(host.Submission, SecureSocketOptions.StartTls);

        await client.AuthenticateAsync(User, Password);
        await client.DisconnectAsync(quit: true);

        Assert.Equal([User + " tls"], backend.AuthAttempts);
    }

    private static EdgeOptions Options(string backendEndpoint, string tls, Action<AuthOptions> auth)
    {
        var options = new EdgeOptions
        {
            Listeners = { new ListenerOptions { Name = "submissions", Endpoint = "127.0.0.1:2465", Mode = "implicit-tls", Role = "submission" } },
            Backends = { new BackendOptions { Name = "mta", Endpoint = backendEndpoint, Tls = tls } },
        };
        auth(options.Auth);
        return options;
    }

    private static IEnumerable<string> Failures(EdgeOptions options) => new EdgeOptionsValidator().Validate(null, options).Failures ?? [];

    [Theory]
    [InlineData("127.0.0.1:25", "none")]
    [InlineData("localhost:25", "none")]
    [InlineData("10.0.0.5:25", "starttls")]
    [InlineData("10.0.0.5:465", "implicit-tls")]
    public void Validate_BackendReachedSafely_Succeeds(string endpoint, string tls)
    {
        Assert.Empty(Failures(Options(endpoint, tls, a => a.Backend = "mta")));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("starttls-opportunistic")]
    public void Validate_PlaintextToRemoteBackend_Refused(string tls)
    {
        string failure = Assert.Single(Failures(Options("10.0.0.5:25", tls, a => a.Backend = "mta")));

        Assert.StartsWith("Edge:Auth:Backend: backend 'mta' (10.0.0.5:25) is not on loopback", failure, StringComparison.Ordinal);
        Assert.Contains("Edge:Backends:0:Tls to starttls or implicit-tls", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UsersAndBackend_MutuallyExclusive()
    {
        string failure = Assert.Single(Failures(Options("127.0.0.1:25", "none", a =>
        {
            a.Backend = "mta";
            a.UsersFile = "/etc/edge/users.json";
        })));

        Assert.StartsWith("Edge:Auth:Backend: 'mta' delegates AUTH to a backend, so Edge:Auth:Users and Edge:Auth:UsersFile must be empty", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownBackend_Refused()
    {
        string failure = Assert.Single(Failures(Options("127.0.0.1:25", "none", a => a.Backend = "nosuch")));

        Assert.StartsWith("Edge:Auth:Backend: 'nosuch' is not the name of a configured backend", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(121)]
    public void Validate_BackendTimeoutOutOfRange_Refused(int seconds)
    {
        string failure = Assert.Single(Failures(Options("127.0.0.1:25", "none", a =>
        {
            a.Backend = "mta";
            a.BackendTimeout = TimeSpan.FromSeconds(seconds);
        })));

        Assert.StartsWith("Edge:Auth:BackendTimeout: ", failure, StringComparison.Ordinal);
    }
}
