// TestLineHandler: a minimal line protocol standing in for the SMTP handler: "220 test" greeting, PING → 250 PONG,
// PROTO → negotiated protocol (from ITlsHandshakeFeature), STARTTLS → 220 + discard residue + UpgradeAsync, QUIT → 221.
// Written allocation-free per command so the PipeStream allocation test measures the TLS path, not the handler.
using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using Edge.Gateway.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Edge.Gateway.Tests.Tls;

internal sealed class TestLineHandler : ConnectionHandler
{
    private enum Step
    {
        Continue,
        StartTls,
        Quit,
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var tls = connection.Features.Get<IStartTlsFeature>();
        connection.Transport.Output.Write("220 test\r\n"u8);
        await connection.Transport.Output.FlushAsync();

        while (true)
        {
            // Re-read the transport every turn: after STARTTLS it is the TLS pipe.
            var input = connection.Transport.Input;
            var output = connection.Transport.Output;
            ReadResult result;
            try
            {
                result = await input.ReadAsync();
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                return;
            }

            var buffer = result.Buffer;
            var step = HandleLines(buffer, output, connection, tls, out var consumed);
            switch (step)
            {
                case Step.StartTls:
                    // Consume the STARTTLS line and discard everything after it (CVE-2011-0411).
                    input.AdvanceTo(buffer.End);
                    await output.FlushAsync();
                    if (!await tls!.UpgradeAsync(connection.ConnectionClosed))
                    {
                        return;
                    }

                    continue;
                case Step.Quit:
                    input.AdvanceTo(consumed);
                    await output.FlushAsync();
                    return;
                default:
                    input.AdvanceTo(consumed, buffer.End);
                    await output.FlushAsync();
                    if (result.IsCompleted)
                    {
                        return;
                    }

                    break;
            }
        }
    }

    private static Step HandleLines(ReadOnlySequence<byte> buffer, PipeWriter output, ConnectionContext connection, IStartTlsFeature? tls, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryReadTo(out ReadOnlySpan<byte> line, "\r\n"u8))
        {
            if (line.SequenceEqual("PING"u8))
            {
                output.Write("250 PONG\r\n"u8);
            }
            else if (line.SequenceEqual("PROTO"u8))
            {
                var protocol = connection.Features.Get<ITlsHandshakeFeature>()?.Protocol ?? SslProtocols.None;
                output.Write(protocol switch
                {
                    SslProtocols.Tls13 => "250 Tls13\r\n"u8,
                    SslProtocols.Tls12 => "250 Tls12\r\n"u8,
                    SslProtocols.None => "250 None\r\n"u8,
                    _ => "250 Other\r\n"u8,
                });
            }
            else if (line.SequenceEqual("QUIT"u8))
            {
                output.Write("221 bye\r\n"u8);
                consumed = reader.Position;
                return Step.Quit;
            }
            else if (line.SequenceEqual("STARTTLS"u8))
            {
                if (tls is null || !tls.CanStartTls)
                {
                    output.Write("454 TLS not available\r\n"u8);
                    continue;
                }

                output.Write("220 2.0.0 Ready to start TLS\r\n"u8);
                consumed = buffer.End;
                return Step.StartTls;
            }
            else
            {
                output.Write("500 unknown\r\n"u8);
            }
        }

        consumed = reader.Position;
        return Step.Continue;
    }
}
