// SmtpCommands: the command lines of a run, encoded once (the envelope never changes between messages).
// With PIPELINING (RFC 2920 3.1) MAIL, RCPT and DATA go out in one write; DATA ends the pipelined group.
using System.Text;

namespace Edge.LoadTest.Client;

/// <summary>Pre-encoded command lines.</summary>
internal sealed class SmtpCommands
{
    public SmtpCommands(string ehlo, string from, string to)
    {
        Ehlo = Encoding.ASCII.GetBytes("EHLO " + ehlo + "\r\n");
        Mail = Encoding.ASCII.GetBytes("MAIL FROM:<" + from + ">\r\n");
        Rcpt = Encoding.ASCII.GetBytes("RCPT TO:<" + to + ">\r\n");
        Envelope = [.. Mail, .. Rcpt, .. Data.ToArray()];
    }

    public static ReadOnlyMemory<byte> Data { get; } = "DATA\r\n"u8.ToArray();

    public static ReadOnlyMemory<byte> StartTls { get; } = "STARTTLS\r\n"u8.ToArray();

    public static ReadOnlyMemory<byte> Rset { get; } = "RSET\r\n"u8.ToArray();

    public static ReadOnlyMemory<byte> Quit { get; } = "QUIT\r\n"u8.ToArray();

    public byte[] Ehlo { get; }

    public byte[] Mail { get; }

    public byte[] Rcpt { get; }

    /// <summary>MAIL, RCPT and DATA in one buffer, for a pipelining server.</summary>
    public byte[] Envelope { get; }
}
