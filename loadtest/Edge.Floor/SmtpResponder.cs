// SmtpResponder (--mode responder): the cheapest SMTP server this runtime can be, as a floor for what Edge costs per
// session. Kestrel's socket transport and a PipeReader like Edge, but no backend, no parsing beyond finding lines,
// no policy, no logging: 220 on connect, 250 to every command line, 354 to DATA, 250 at the end of the content, 221
// to QUIT. Replies to pipelined commands go out in one write per read. It accepts what smtp-source sends, nothing
// more: it is a measuring stick, not a mail server. With --count-file PATH it writes the number of messages it has
// accepted to PATH every 100 ms (compare checks it as it checks smtp-sink's counter for the other targets).
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Floor;

internal static class SmtpResponder
{
    private static long _messages;

    public static async Task RunAsync(IPEndPoint listenAt, string? countFile, string[] args)
    {
        if (countFile is not null)
        {
            _ = WriteCountAsync(countFile);
        }

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listenAt, l => l.Run(ServeAsync)));
        var app = builder.Build();
        Console.WriteLine($"Edge.Floor (responder) listening on {listenAt}");
        await app.RunAsync();
    }

    private static async Task ServeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        output.Write("220 floor ESMTP\r\n"u8);
        await output.FlushAsync();
        var inData = false;
        var quit = false;
        while (!quit)
        {
            var result = await input.ReadAsync();
            var reader = new SequenceReader<byte>(result.Buffer);
            while (!quit && reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
            {
                if (inData)
                {
                    // Content, line by line (a partial line stays unread until the rest arrives); "." ends it.
                    if (line.Length == 1 && line.FirstSpan[0] == (byte)'.')
                    {
                        inData = false;
                        Interlocked.Increment(ref _messages);
                        output.Write("250 ok\r\n"u8);
                    }
                }
                else if (IsVerb(line, "DATA"u8))
                {
                    inData = true;
                    output.Write("354 go\r\n"u8);
                }
                else if (IsVerb(line, "QUIT"u8))
                {
                    output.Write("221 bye\r\n"u8);
                    quit = true;
                }
                else
                {
                    output.Write("250 ok\r\n"u8);
                }
            }

            input.AdvanceTo(reader.Position, result.Buffer.End);
            if (output.UnflushedBytes > 0)
            {
                await output.FlushAsync();
            }

            if (result.IsCompleted)
            {
                break;
            }
        }
    }

    private static async Task WriteCountAsync(string path)
    {
        long written = -1;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync())
        {
            var count = Interlocked.Read(ref _messages);
            if (count != written)
            {
                await File.WriteAllTextAsync(path + ".tmp", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                File.Move(path + ".tmp", path, overwrite: true);
                written = count;
            }
        }
    }

    private static bool IsVerb(ReadOnlySequence<byte> line, ReadOnlySpan<byte> verb)
    {
        if (line.Length != verb.Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        line.CopyTo(bytes);
        return Ascii.EqualsIgnoreCase(bytes[..verb.Length], verb);
    }
}
