// TestMessages: message bodies that exercise the relay's framing (lines starting with '.', a lone "." line inside,
// empty lines, 8-bit octets, long lines), and the byte-exact check of what the backend received.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Tests.Relay;

internal static class TestMessages
{
    /// <summary>A CRLF body of about <paramref name="size"/> octets, unique per <paramref name="id"/>.</summary>
    public static byte[] Body(int id, int size)
    {
        var text = new StringBuilder();
        text.Append($"From: a@client.example\r\nTo: b@example.com\r\nSubject: message {id}\r\nMessage-Id: <{id}@client.example>\r\n\r\n");
        text.Append(".leading dot\r\n..two dots\r\n.\r\n\r\n");
        var line = 0;
        while (text.Length < size)
        {
            text.Append($"line {line++} of message {id}: caf\u00e9 ").Append('x', line % 200).Append("\r\n");
        }

        text.Append("end.\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The backend got Edge's Received header followed by exactly the client's body.</summary>
    public static void AssertRelayed(byte[] body, byte[] received)
    {
        Assert.True(received.AsSpan().EndsWith(body), "the backend's content does not end with the client's body");
        var prefix = Encoding.ASCII.GetString(received, 0, received.Length - body.Length);
        Assert.StartsWith("Received: from ", prefix, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", prefix, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
