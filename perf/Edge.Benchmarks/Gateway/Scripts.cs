// Scripts: the client's pre-encoded lines, and the messages the relay benchmarks send (4 KiB; 1 KiB as smtp-source
// sends in loadtest/compare's workload (a)).
using System.Text;

namespace Edge.Benchmarks.Gateway;

internal static class Scripts
{
    public static readonly byte[] Ehlo = "EHLO client.example.org\r\n"u8.ToArray();
    public static readonly byte[] StartTls = "STARTTLS\r\n"u8.ToArray();
    public static readonly byte[] Quit = "QUIT\r\n"u8.ToArray();

    /// <summary>MAIL, RCPT and DATA in one write (the gateway offers PIPELINING, RFC 2920).</summary>
    public static readonly byte[] Envelope = "MAIL FROM:<sender@example.org> SIZE=4200\r\nRCPT TO:<rcpt@example.com>\r\nDATA\r\n"u8.ToArray();

    /// <summary>Headers and a text body of 4 KiB, then the end of data.</summary>
    public static readonly byte[] Message4KiB = Content(4096);

    /// <summary>The same with 1 KiB.</summary>
    public static readonly byte[] Message1KiB = Content(1024);

    private static byte[] Content(int size)
    {
        var text = new StringBuilder("From: <sender@example.org>\r\nTo: <rcpt@example.com>\r\nSubject: benchmark\r\nMessage-ID: <bench@example.org>\r\n\r\n");
        while (text.Length < size)
        {
            text.Append("The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
        }

        text.Length = size - 2;
        text.Append("\r\n.\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
