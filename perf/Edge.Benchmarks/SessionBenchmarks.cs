// SessionBenchmarks: a whole SMTP transaction through the protocol core (line reader, parser, state machine,
// DATA framer) over in-memory buffers, and the reply/EHLO encoders. Allocation must be 0 B per operation.
using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;
using Edge.Protocol.Tests.Support;

namespace Edge.Benchmarks;

[MemoryDiagnoser]
public class SessionBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _content = new(64 * 1024);
    private SessionDriver _driver = null!;
    private ReadOnlySequence<byte> _transaction;
    private SessionSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _settings = new SessionSettings { Hostname = "mx.example.com", MaxMessageSize = 1 << 20, MaxJunkCommands = int.MaxValue, StartTlsAvailable = true };
        _driver = new SessionDriver(_settings, _output, _content);
        _driver.Feed(new ReadOnlySequence<byte>("EHLO client.example\r\n"u8.ToArray()));
        var body = new StringBuilder("Subject: benchmark\r\n\r\n");
        while (body.Length < 4096)
        {
            body.Append("The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
        }

        _transaction = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(
            "MAIL FROM:<sender@example.org> SIZE=4200 BODY=8BITMIME\r\nRCPT TO:<rcpt@example.com>\r\nDATA\r\n" + body + ".\r\nRSET\r\n"));
        _output.ResetWrittenCount();
    }

    /// <summary>MAIL, RCPT, DATA with 4 KiB of content, end of data, RSET: one message through the core.</summary>
    [Benchmark]
    public int Transaction4KiB()
    {
        _driver.Feed(_transaction);
        var written = _output.WrittenCount;
        _output.ResetWrittenCount();
        _content.ResetWrittenCount();
        return written;
    }

    /// <summary>Copying a pre-encoded reply into the output.</summary>
    [Benchmark]
    public int WritePreEncodedReply()
    {
        ReplyWriter.Write(_output, SmtpReplies.RecipientOk);
        var written = _output.WrittenCount;
        _output.ResetWrittenCount();
        return written;
    }

    /// <summary>Encoding a reply whose text is known only at run time.</summary>
    [Benchmark]
    public int WriteDynamicReply()
    {
        ReplyWriter.WriteLine(_output, 250, "2.0.0"u8, "Ok: queued as 4XyZ1234"u8);
        var written = _output.WrittenCount;
        _output.ResetWrittenCount();
        return written;
    }

    /// <summary>Composing an EHLO reply (done once per listener at start-up; measured for completeness).</summary>
    [Benchmark]
    public SmtpReply ComposeEhlo() => ServerReplies.Ehlo("mx.example.com", _settings.KeywordsFor(false), 26214400);
}
