// Edge.Floor: a TCP forwarder with nothing in it, to measure what the .NET runtime's networking costs per relayed
// message on this machine (loadtest/compare's "floor" rows). Each accepted connection gets its own connection to
// the backend and two copy loops (client -> backend, backend -> client), 4 KiB buffers, no parsing, no logging.
//
//   Edge.Floor --listen 127.0.0.1:2600 --backend 127.0.0.1:2526 [--mode sockets|kestrel]
//   Edge.Floor --listen 127.0.0.1:2601 --mode responder [--count-file PATH]
//
// sockets: Socket.AcceptAsync and Socket.ReceiveAsync/SendAsync (the cheapest idiomatic .NET).
// kestrel: Kestrel's socket transport and a ConnectionHandler reading the transport's PipeReader (what Edge is built
//          on), the backend side on a raw socket as Edge's relay does.
// responder: no backend; answers SMTP itself with fixed replies (SmtpResponder.cs): what any SMTP server on
//          Kestrel costs per session and per message before it does anything with the mail.
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Floor;

internal static class Program
{
    private const int BufferSize = 4096;

    public static async Task<int> Main(string[] args)
    {
        string? listen = null, backend = null, mode = "sockets", countFile = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--listen": listen = args[i + 1]; break;
                case "--backend": backend = args[i + 1]; break;
                case "--mode": mode = args[i + 1]; break;
                case "--count-file": countFile = args[i + 1]; break;
                default: return Usage($"unknown option {args[i]}");
            }
        }

        if (!IPEndPoint.TryParse(listen ?? "", out var listenAt))
        {
            return Usage("--listen takes address:port");
        }

        if (mode == "responder")
        {
            await SmtpResponder.RunAsync(listenAt, countFile, args);
            return 0;
        }

        if (!IPEndPoint.TryParse(backend ?? "", out var backendAt))
        {
            return Usage("--backend takes address:port");
        }

        switch (mode)
        {
            case "sockets":
                await RunSocketsAsync(listenAt, backendAt);
                return 0;
            case "kestrel":
                await RunKestrelAsync(listenAt, backendAt, args);
                return 0;
            default:
                return Usage("--mode is sockets, kestrel or responder");
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"Edge.Floor: {problem}\nusage: Edge.Floor --listen ADDR:PORT --backend ADDR:PORT [--mode sockets|kestrel]\n       Edge.Floor --listen ADDR:PORT --mode responder [--count-file PATH]");
        return 2;
    }

    private static async Task RunSocketsAsync(IPEndPoint listenAt, IPEndPoint backendAt)
    {
        using var listener = new Socket(listenAt.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(listenAt);
        listener.Listen(4096);
        Console.WriteLine($"Edge.Floor (sockets) listening on {listenAt}, forwarding to {backendAt}");
        while (true)
        {
            var client = await listener.AcceptAsync();
            _ = ForwardAsync(client, backendAt);
        }
    }

    private static async Task ForwardAsync(Socket client, IPEndPoint backendAt)
    {
        client.NoDelay = true;
        using var backend = new Socket(backendAt.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await backend.ConnectAsync(backendAt);
            await Task.WhenAll(CopyAsync(client, backend), CopyAsync(backend, client));
        }
        catch (SocketException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }
            }
        }
        catch (SocketException)
        {
            to.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task RunKestrelAsync(IPEndPoint listenAt, IPEndPoint backendAt, string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear(); // the floor's own options are not configuration
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listenAt, l => l.Run(connection => ForwardAsync(connection, backendAt))));
        var app = builder.Build();
        Console.WriteLine($"Edge.Floor (kestrel) listening on {listenAt}, forwarding to {backendAt}");
        await app.RunAsync();
    }

    private static async Task ForwardAsync(ConnectionContext connection, IPEndPoint backendAt)
    {
        using var backend = new Socket(backendAt.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await backend.ConnectAsync(backendAt);
            await Task.WhenAll(ToBackendAsync(connection.Transport.Input, backend), FromBackendAsync(backend, connection.Transport.Output));
        }
        catch (SocketException)
        {
        }
    }

    private static async Task ToBackendAsync(PipeReader input, Socket backend)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    for (var sent = 0; sent < segment.Length;)
                    {
                        sent += await backend.SendAsync(segment[sent..], SocketFlags.None);
                    }
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    backend.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    private static async Task FromBackendAsync(Socket backend, PipeWriter output)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(BufferSize);
                var read = await backend.ReceiveAsync(memory, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                output.Advance(read);
                var flushed = await output.FlushAsync();
                if (flushed.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            await output.CompleteAsync();
        }
    }
}
