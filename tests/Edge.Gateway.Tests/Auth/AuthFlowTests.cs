using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Edge.Gateway.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Edge.Gateway.Tests.Auth;

/// <summary>AUTH PLAIN/LOGIN on submission listeners, over real sockets with MailKit and a raw client.</summary>
public sealed class AuthFlowTests : IAsyncLifetime
{
    private const string User = "alice@localhost";
    private const string Password = "correct horse battery";
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "edge-auth-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private IPEndPoint _submission = null!;
    private IPEndPoint _mx = null!;

    public async Task InitializeAsync()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(Password, 4);
        _app = EdgeHost.Build([
            "--Edge:Listeners:0:Name=mx", "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:0:Mode=starttls", "--Edge:Listeners:0:Role=mx",
            "--Edge:Listeners:1:Name=submission", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Mode=starttls", "--Edge:Listeners:1:Role=submission",
            "--Edge:Listeners:2:Name=submissions", "--Edge:Listeners:2:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Mode=implicit-tls", "--Edge:Listeners:2:Role=submission",
            "--Edge:Http:Endpoint=127.0.0.1:0", $"--Edge:Delivery:Directory={_inbox}",
            $"--Edge:Auth:Users:0:Name={User}", $"--Edge:Auth:Users:0:PasswordHash={hash}",
            "--Edge:Auth:MaxFailures=3", "--Edge:Auth:TarpitDelay=00:00:00.050",
        ]);
        await _app.StartAsync();
        var registry = _app.Services.GetRequiredService<ListenerRegistry>();
        _submission = registry.BoundEndpoint("submission");
        _mx = registry.BoundEndpoint("mx");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_inbox, true); } catch (IOException) { }
    }

    [Fact]
    public async Task MailKit_StartTlsAndAuth_RelaysToAnyDomain()
    {
        using var client = NewClient();
        await client.ConnectAsync(_submission.Address.ToString(), _submission.Port, SecureSocketOptions.StartTls);
        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        Assert.Contains("LOGIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(User, Password);
        await client.SendAsync(Message("bob@elsewhere.example"));
        await client.DisconnectAsync(true);

        var file = Assert.Single(Directory.GetFiles(_inbox, "*.eml"));
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("with ESMTPSA", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailKit_ImplicitTlsLoginMechanism_Works()
    {
        using var client = NewClient();
        var endpoint = _app.Services.GetRequiredService<ListenerRegistry>().BoundEndpoint("submissions");
        await client.ConnectAsync(endpoint.Address.ToString(), endpoint.Port, SecureSocketOptions.SslOnConnect);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync(User, Password);
        await client.SendAsync(Message("bob@localhost"));
        await client.DisconnectAsync(true);
        Assert.Single(Directory.GetFiles(_inbox, "*.eml"));
    }

    [Fact]
    public async Task MailKit_WrongPassword_535AndNothingSent()
    {
        using var client = NewClient();
        await client.ConnectAsync(_submission.Address.ToString(), _submission.Port, SecureSocketOptions.StartTls);
        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(User, "wrong"));
        Assert.Contains("5.7.8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_BeforeTls_NoAuthAdvertised_MailAndAuthGet530()
    {
        await using var raw = await RawClient.ConnectAsync(_submission);
        var ehlo = await raw.CommandAsync("EHLO client.test");
        Assert.DoesNotContain("AUTH", ehlo, StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0 Must issue a STARTTLS", await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password)), StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0", await raw.CommandAsync("MAIL FROM:<a@localhost>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_TlsWithoutAuth_Mail530AuthenticationRequired()
    {
        await using var raw = await RawClient.ConnectAsync(_submission);
        await raw.CommandAsync("EHLO client.test");
        await raw.StartTlsAsync();
        var ehlo = await raw.CommandAsync("EHLO client.test");
        Assert.Contains("AUTH PLAIN LOGIN", ehlo, StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0 Authentication required", await raw.CommandAsync("MAIL FROM:<a@localhost>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_MxListener_NoAuthEvenAfterTls()
    {
        await using var raw = await RawClient.ConnectAsync(_mx);
        await raw.CommandAsync("EHLO client.test");
        await raw.StartTlsAsync();
        Assert.DoesNotContain("AUTH", await raw.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_LoginExchangeAndCancel()
    {
        await using var raw = await RawClient.ConnectAsync(_submission);
        await raw.CommandAsync("EHLO client.test");
        await raw.StartTlsAsync();
        await raw.CommandAsync("EHLO client.test");
        Assert.Equal("334 VXNlcm5hbWU6", await raw.CommandAsync("AUTH LOGIN"));
        Assert.StartsWith("501 5.7.0", await raw.CommandAsync("*"), StringComparison.Ordinal);
        Assert.Equal("334 VXNlcm5hbWU6", await raw.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await raw.CommandAsync(B64(User)));
        Assert.StartsWith("235 2.7.0", await raw.CommandAsync(B64(Password)), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await raw.CommandAsync("AUTH PLAIN " + Plain(User, Password)), StringComparison.Ordinal);
        Assert.StartsWith("250", await raw.CommandAsync("MAIL FROM:<alice@localhost>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_PlainWithoutInitialResponse_AndBadBase64()
    {
        await using var raw = await RawClient.ConnectAsync(_submission);
        await raw.CommandAsync("EHLO client.test");
        await raw.StartTlsAsync();
        await raw.CommandAsync("EHLO client.test");
        Assert.Equal("334 ", await raw.CommandAsync("AUTH PLAIN"));
        Assert.StartsWith("501 5.5.2", await raw.CommandAsync("not base64!"), StringComparison.Ordinal);
        Assert.Equal("334 ", await raw.CommandAsync("AUTH PLAIN"));
        Assert.StartsWith("235 2.7.0", await raw.CommandAsync(Plain(User, Password)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_RepeatedFailures_421AndBlockedOnNewConnection()
    {
        await using (var raw = await RawClient.ConnectAsync(_submission))
        {
            await raw.CommandAsync("EHLO client.test");
            await raw.StartTlsAsync();
            await raw.CommandAsync("EHLO client.test");
            Assert.StartsWith("535 5.7.8", await raw.CommandAsync("AUTH PLAIN " + Plain(User, "x1")), StringComparison.Ordinal);
            Assert.StartsWith("535 5.7.8", await raw.CommandAsync("AUTH PLAIN " + Plain(User, "x2")), StringComparison.Ordinal);
            Assert.StartsWith("421 4.7.0", await raw.CommandAsync("AUTH PLAIN " + Plain(User, "x3")), StringComparison.Ordinal);
            Assert.True(await raw.IsClosedAsync());
        }

        await using var again = await RawClient.ConnectAsync(_submission);
        await again.CommandAsync("EHLO client.test");
        await again.StartTlsAsync();
        await again.CommandAsync("EHLO client.test");
        Assert.StartsWith("421 4.7.0", await again.CommandAsync("AUTH PLAIN " + Plain(User, Password)), StringComparison.Ordinal);
    }

    private static SmtpClient NewClient() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false };

    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(User));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "auth test";
        message.Body = new TextPart("plain") { Text = "hello" };
        return message;
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static string Plain(string user, string password) => B64("\0" + user + "\0" + password);

    /// <summary>A line-oriented client: one command, one (possibly multi-line) reply, with STARTTLS.</summary>
    private sealed class RawClient : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private Stream _stream;
        private StreamReader _reader;

        private RawClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.ASCII);
        }

        public static async Task<RawClient> ConnectAsync(IPEndPoint endpoint)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(endpoint);
            var client = new RawClient(tcp);
            await client.ReadReplyAsync();
            return client;
        }

        public async Task<string> CommandAsync(string line)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await _stream.FlushAsync();
            return await ReadReplyAsync();
        }

        public async Task StartTlsAsync()
        {
            Assert.StartsWith("220", await CommandAsync("STARTTLS"), StringComparison.Ordinal);
            var ssl = new SslStream(_stream, false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
            _stream = ssl;
            _reader = new StreamReader(ssl, Encoding.ASCII);
        }

        public async Task<bool> IsClosedAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                return await _reader.ReadLineAsync(timeout.Token) is null;
            }
            catch (IOException)
            {
                return true;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }

        private async Task<string> ReadReplyAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var lines = new StringBuilder();
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("closed; got: " + lines);
                lines.Append(line);
                if (line.Length < 4 || line[3] != '-')
                {
                    return lines.ToString();
                }

                lines.Append('\n');
            }
        }
    }
}
