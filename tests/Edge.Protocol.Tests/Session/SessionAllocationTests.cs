using System.Buffers;
using System.Text;
using Edge.Protocol.Session;
using Edge.Protocol.Tests.Support;

namespace Edge.Protocol.Tests.Session;

/// <summary>
/// The protocol core allocates nothing per command in steady state: a scripted 10,000-command session
/// (MAIL, RCPT ×2, DATA with content framing, RSET, NOOP, repeated) over in-memory buffers.
/// </summary>
public class SessionAllocationTests
{
    private static readonly byte[] Round = Encoding.ASCII.GetBytes(
        "MAIL FROM:<sender@example.org> SIZE=2048 BODY=8BITMIME\r\n" +
        "RCPT TO:<one@example.com>\r\n" +
        "RCPT TO:<two@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;two@example.com\r\n" +
        "DATA\r\n" +
        "Subject: allocation\r\n\r\n" + string.Concat(Enumerable.Repeat("Some ordinary text of a message line, long enough.\r\n..a stuffed line\r\n", 12)) + ".\r\n" +
        "RSET\r\n" +
        "NOOP\r\n");

    [Fact]
    public void ScriptedSession_10000Commands_AllocatesZeroBytesInSteadyState()
    {
        var settings = new SessionSettings { Hostname = "mx.test", MaxMessageSize = 1 << 20, MaxJunkCommands = int.MaxValue };
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var content = new ArrayBufferWriter<byte>(64 * 1024);
        var driver = new SessionDriver(settings, output, content);
        driver.Feed(new ReadOnlySequence<byte>("EHLO client.example\r\n"u8.ToArray()));

        // Split each round across segments, as a pipe would deliver it.
        var first = new TestSegment(Round.AsMemory(0, 700));
        var last = first.Append(Round.AsMemory(700));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        for (var i = 0; i < 50; i++)
        {
            RunRound(driver, sequence, output, content);
        }

        const int rounds = 1667; // 6 commands each: 10,002 commands
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < rounds; i++)
        {
            RunRound(driver, sequence, output, content);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(50 + rounds, driver.Delivered);
        Assert.Equal(SessionState.Ready, driver.Session.State);
    }

    private static void RunRound(SessionDriver driver, ReadOnlySequence<byte> round, ArrayBufferWriter<byte> output, ArrayBufferWriter<byte> content)
    {
        var rest = driver.Feed(round);
        if (!rest.IsEmpty)
        {
            throw new InvalidOperationException("round left unconsumed input");
        }

        output.ResetWrittenCount();
        content.ResetWrittenCount();
    }

    private sealed class TestSegment : ReadOnlySequenceSegment<byte>
    {
        public TestSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public TestSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new TestSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
