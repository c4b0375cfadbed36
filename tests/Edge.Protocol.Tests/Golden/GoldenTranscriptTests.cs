using System.Buffers;
using System.Text;
using Edge.Protocol.Session;
using Edge.Protocol.Tests.Support;

namespace Edge.Protocol.Tests.Golden;

/// <summary>
/// Runs every <c>Golden/*.smtp</c> transcript: lines starting with <c>C: </c> (or a bare <c>C:</c> for an empty line) are sent by the client (CRLF added),
/// <c>R: </c> are sent raw with C-style escapes (\r \n \\), <c>S: </c> are the expected server lines, <c>@ Key=Value</c>
/// set session settings, <c>#</c> are comments. Each transcript runs pipelined in one buffer and again fed one byte at a time.
/// </summary>
public class GoldenTranscriptTests
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.smtp").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void Transcript_AllAtOnce_RepliesMatch(string name)
    {
        var (settings, client, expected) = Load(name);
        var output = new ArrayBufferWriter<byte>();
        var driver = new SessionDriver(settings, output, new ArrayBufferWriter<byte>());
        driver.Feed(new ReadOnlySequence<byte>(client));
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void Transcript_ByteByByte_RepliesMatch(string name)
    {
        var (settings, client, expected) = Load(name);
        var output = new ArrayBufferWriter<byte>();
        var driver = new SessionDriver(settings, output, new ArrayBufferWriter<byte>());
        var pending = new List<byte>();
        foreach (var b in client)
        {
            pending.Add(b);
            var rest = driver.Feed(new ReadOnlySequence<byte>(pending.ToArray()));
            pending = [.. rest.ToArray()];
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static (SessionSettings Settings, byte[] Client, string Expected) Load(string name)
    {
        var client = new List<byte>();
        var expected = new StringBuilder();
        var hostname = "mx.test";
        bool startTls = false, tlsRequired = false;
        long maxSize = 10_000;
        int maxRecipients = 100, maxErrors = 10;
        foreach (var raw in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", name)))
        {
            if (raw.StartsWith("C: ", StringComparison.Ordinal) || raw == "C:")
            {
                client.AddRange(Encoding.UTF8.GetBytes(raw[Math.Min(3, raw.Length)..] + "\r\n"));
            }
            else if (raw.StartsWith("R: ", StringComparison.Ordinal))
            {
                client.AddRange(Encoding.UTF8.GetBytes(Unescape(raw[3..])));
            }
            else if (raw.StartsWith("S: ", StringComparison.Ordinal))
            {
                expected.Append(raw[3..]).Append("\r\n");
            }
            else if (raw.StartsWith("@ ", StringComparison.Ordinal))
            {
                var (key, value) = (raw[2..].Split('=')[0], raw[2..].Split('=')[1]);
                switch (key)
                {
                    case "StartTls": startTls = bool.Parse(value); break;
                    case "TlsRequired": tlsRequired = bool.Parse(value); break;
                    case "MaxMessageSize": maxSize = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "MaxRecipients": maxRecipients = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "MaxErrors": maxErrors = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "Hostname": hostname = value; break;
                    default: throw new InvalidOperationException($"{name}: unknown setting {key}");
                }
            }
            else if (raw.Length > 0 && !raw.StartsWith('#'))
            {
                throw new InvalidOperationException($"{name}: cannot read line '{raw}'");
            }
        }

        var settings = new SessionSettings
        {
            Hostname = hostname, StartTlsAvailable = startTls, TlsRequired = tlsRequired,
            MaxMessageSize = maxSize, MaxRecipients = maxRecipients, MaxErrors = maxErrors,
        };
        return (settings, client.ToArray(), expected.ToString());
    }

    private static string Unescape(string s) => s.Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
