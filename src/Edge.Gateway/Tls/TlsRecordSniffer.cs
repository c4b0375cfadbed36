// TlsRecordSniffer: looks at the first bytes of the client's flight, without consuming them, so that plaintext
// (an SMTP command sent after STARTTLS's 220, an HTTP probe on port 465) is classified NotTls by byte value
// instead of by SslStream's exception text. RFC 8446 5.1: a ClientHello starts a handshake record, type 22,
// legacy version 0x03xx. Old SSLv2-format hellos (high bit set) are passed on for SslStream to refuse.
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Edge.Gateway.Threading;

namespace Edge.Gateway.Tls;

/// <summary>Classifies the start of the client's first flight.</summary>
internal static class TlsRecordSniffer
{
    private const byte HandshakeRecord = 0x16;
    private const byte TlsMajorVersion = 0x03;

    /// <summary>What the first bytes look like.</summary>
    internal enum Verdict : byte
    {
        Tls,
        NotTls,
        EndOfStream,
    }

    /// <summary>Waits for two bytes (or one that already rules TLS out); leaves everything unconsumed and unexamined.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public static async ValueTask<(Verdict Verdict, byte FirstByte)> PeekAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                var first = buffer.FirstSpan[0];
                if (first != HandshakeRecord)
                {
                    reader.AdvanceTo(buffer.Start);
                    return ((first & 0x80) != 0 ? Verdict.Tls : Verdict.NotTls, first);
                }

                if (buffer.Length >= 2)
                {
                    var second = buffer.Slice(1, 1).FirstSpan[0];
                    reader.AdvanceTo(buffer.Start);
                    return (second == TlsMajorVersion ? Verdict.Tls : Verdict.NotTls, first);
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start);
                return (Verdict.EndOfStream, 0);
            }

            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException("The read was cancelled (CancelPendingRead).");
            }

            // Examined everything, consumed nothing: the next ReadAsync waits for more bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
