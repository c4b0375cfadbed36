// BackendAuthenticator: AUTH delegated to a backend MTA (Edge:Auth:Backend). For each attempt it opens a connection
// to that backend (greeting, EHLO, STARTTLS or implicit TLS as the backend's Tls mode says), sends AUTH PLAIN with
// the client's credentials (RFC 4616) and maps the answer: 235 accepted, 535 rejected, anything else, a timeout
// (Edge:Auth:BackendTimeout) or an unreachable backend unavailable. SECURITY: credentials go over plaintext only to a
// loopback backend; the configuration is refused otherwise, and this is checked again on the live connection.
using System.Buffers.Text;
using Edge.Gateway.Configuration;
using Edge.Gateway.Relay;

namespace Edge.Gateway.Auth;

/// <summary>Verifies credentials by AUTH PLAIN against a configured backend.</summary>
internal sealed partial class BackendAuthenticator : ICredentialVerifier
{
    private readonly BackendSettings _backend;
    private readonly RelaySettings _relay;
    private readonly TimeSpan _timeout;
    private readonly ILogger<BackendAuthenticator> _logger;

    public BackendAuthenticator(IOptions<EdgeOptions> options, ILogger<BackendAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var edge = options.Value;
        var name = edge.Auth.Backend;
        _backend = BackendSettings.FromOptions(edge).FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Edge:Auth:Backend '{name}' was not validated.");
        _timeout = edge.Auth.BackendTimeout;
        _relay = RelaySettings.FromOptions(edge) with { ConnectTimeout = _timeout };
        _logger = logger;
    }

    public bool Available => true;

    public async Task<CredentialVerdict> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        BackendConnection? connection = null;
        try
        {
            connection = await BackendConnection.OpenAsync(_backend, _relay, deadline.Token).ConfigureAwait(false);
            if (connection.IsBroken)
            {
                Log.Unavailable(_logger, _backend.Name, connection.FailedStage, connection.Failure);
                return CredentialVerdict.Unavailable;
            }

            if (!connection.IsTls && !IsLoopback(_backend.Host))
            {
                Log.NoTls(_logger, _backend.Name);
                return CredentialVerdict.Unavailable;
            }

            WriteAuthPlain(connection, user, password);
            if (!await connection.ExchangeAsync(RelayStage.Hello, _timeout, deadline.Token).ConfigureAwait(false))
            {
                Log.Unavailable(_logger, _backend.Name, connection.FailedStage, connection.Failure);
                return CredentialVerdict.Unavailable;
            }

            int code = connection.Reply.Code;
            await connection.QuitAsync().ConfigureAwait(false);
            if (code == 235)
            {
                return CredentialVerdict.Accepted;
            }

            if (code == 535)
            {
                return CredentialVerdict.Rejected;
            }

            Log.UnexpectedReply(_logger, _backend.Name, code);
            return CredentialVerdict.Unavailable;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            Log.Failed(_logger, _backend.Name, ex);
            return CredentialVerdict.Unavailable;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>True for <c>localhost</c> and loopback addresses (where plaintext credentials never leave the machine).</summary>
    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    // "AUTH PLAIN " + base64(NUL user NUL password) + CRLF, straight into the connection's pipe.
    private static void WriteAuthPlain(BackendConnection connection, string user, string password)
    {
        int plainLength = 2 + Encoding.UTF8.GetByteCount(user) + Encoding.UTF8.GetByteCount(password);
        byte[] plain = new byte[plainLength];
        int at = 1;
        at += Encoding.UTF8.GetBytes(user, plain.AsSpan(at));
        plain[at++] = 0;
        Encoding.UTF8.GetBytes(password, plain.AsSpan(at));

        var output = connection.Output;
        output.Write("AUTH PLAIN "u8);
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(plainLength));
        Base64.EncodeToUtf8(plain, span, out _, out int written);
        output.Advance(written);
        output.Write("\r\n"u8);
        Array.Clear(plain);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4090, Level = LogLevel.Warning, Message = "AUTH via backend {Backend} unavailable: {Stage} {Failure}")]
        public static partial void Unavailable(ILogger logger, string backend, RelayStage stage, RelayFailure failure);

        [LoggerMessage(EventId = 4091, Level = LogLevel.Warning, Message = "AUTH via backend {Backend} refused locally: the connection is not TLS and the backend is not on loopback")]
        public static partial void NoTls(ILogger logger, string backend);

        [LoggerMessage(EventId = 4092, Level = LogLevel.Warning, Message = "AUTH via backend {Backend}: unexpected reply {Code} to AUTH PLAIN")]
        public static partial void UnexpectedReply(ILogger logger, string backend, int code);

        [LoggerMessage(EventId = 4093, Level = LogLevel.Warning, Message = "AUTH via backend {Backend} failed")]
        public static partial void Failed(ILogger logger, string backend, Exception exception);
    }
}
