// IdleTlsFloor: accepts TLS connections on 127.0.0.1:PORT with SslStream over NetworkStream, finishes the handshake,
// writes a 220 greeting and leaves a zero-byte read pending — what Edge does for an idle implicit-TLS session, without
// Kestrel, pipes or SMTP. loadtest/idle-tls-floor.sh measures its RSS per connection.
// --release-buffers is an experiment, not product code: after the handshake it sets OpenSSL's SSL_MODE_RELEASE_BUFFERS
// and calls SSL_free_buffers on the connection's SSL object, reached through SslStream's private _securityContext field
// (on .NET 10/Linux a SafeSslHandle whose handle is the SSL*). It shows what releasing the record buffers would save.
//
//   IdleTlsFloor PORT CERT.pem KEY.pem [--release-buffers]
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace IdleTlsFloor;

internal static class Program
{
    private static readonly byte[] Greeting = "220 floor.test ESMTP\r\n"u8.ToArray();
    private static int s_connections;
    private static int s_reported;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: IdleTlsFloor PORT CERT.pem KEY.pem [--release-buffers]");
            return 2;
        }

        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        using var certificate = X509Certificate2.CreateFromPemFile(args[1], args[2]);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        // Created after the first handshake: by then the runtime has loaded its libssl.
        var release = args.Length > 3 && args[3] == "--release-buffers" ? new Lazy<BufferRelease?>(BufferRelease.TryCreate) : null;

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(4096);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {port}, release-buffers {(release is null ? "off" : "requested")}"));
        while (true)
        {
            var socket = await listener.AcceptAsync();
            _ = ServeAsync(socket, options, release);
        }
    }

    private static async Task ServeAsync(Socket socket, SslServerAuthenticationOptions options, Lazy<BufferRelease?>? release)
    {
        try
        {
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(options);
            if (release is not null)
            {
                if (release.Value is not { } value)
                {
                    throw new InvalidOperationException("release-buffers: SslStream/OpenSSL internals are not the expected ones");
                }

                value.Apply(ssl);
                if (Interlocked.Exchange(ref s_reported, 1) == 0)
                {
                    Console.WriteLine("release-buffers: on");
                }
            }

            await ssl.WriteAsync(Greeting);
            Interlocked.Increment(ref s_connections);
            var probe = new byte[1];
            while (await ssl.ReadAsync(Memory<byte>.Empty) >= 0 && await ssl.ReadAsync(probe) > 0)
            {
                // Idle holders never send; anything sent is read and ignored until the peer closes.
            }
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException or SocketException)
        {
            // A holder that goes away mid-handshake: nothing to do.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>SSL_MODE_RELEASE_BUFFERS + SSL_free_buffers on the SslStream's SSL object, if the runtime's shape is the expected one.</summary>
    private sealed unsafe class BufferRelease
    {
        private const int SslCtrlMode = 33;            // SSL_CTRL_MODE
        private const nint SslModeReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS
        private const ulong MinOpenSsl = 0x300000e0;    // 3.0.14: SSL_free_buffers refuses buffers still in use (CVE-2024-4741)

        private readonly FieldInfo _context;
        private readonly delegate* unmanaged<nint, int, nint, nint, nint> _sslCtrl;
        private readonly delegate* unmanaged<nint, int> _freeBuffers;

        private BufferRelease(FieldInfo context, nint sslCtrl, nint freeBuffers)
        {
            _context = context;
            _sslCtrl = (delegate* unmanaged<nint, int, nint, nint, nint>)sslCtrl;
            _freeBuffers = (delegate* unmanaged<nint, int>)freeBuffers;
        }

        public static BufferRelease? TryCreate()
        {
            var field = typeof(SslStream).GetField("_securityContext", BindingFlags.NonPublic | BindingFlags.Instance);
            // The libssl the runtime loaded, by path, so the calls go to the library that made the SSL objects.
            var path = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length >= 6 && Path.GetFileName(parts[5]).StartsWith("libssl.so.3", StringComparison.Ordinal))
                .Select(parts => parts[5])
                .FirstOrDefault();
            if (field is null || path is null || !NativeLibrary.TryLoad(path, out var lib))
            {
                return null;
            }

            if (!NativeLibrary.TryGetExport(lib, "SSL_ctrl", out var ctrl) || !NativeLibrary.TryGetExport(lib, "SSL_free_buffers", out var free)
                || !NativeLibrary.TryGetExport(lib, "OpenSSL_version_num", out var version)
                || ((delegate* unmanaged<ulong>)version)() < MinOpenSsl)
            {
                return null;
            }

            return new BufferRelease(field, ctrl, free);
        }

        public void Apply(SslStream ssl)
        {
            if (_context.GetValue(ssl) is not SafeHandle handle || handle.GetType().FullName != "Microsoft.Win32.SafeHandles.SafeSslHandle")
            {
                throw new InvalidOperationException("release-buffers: SslStream._securityContext is not a SafeSslHandle");
            }

            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                var pointer = handle.DangerousGetHandle();
                _ = _sslCtrl(pointer, SslCtrlMode, SslModeReleaseBuffers, 0);
                _ = _freeBuffers(pointer);
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }
    }
}
