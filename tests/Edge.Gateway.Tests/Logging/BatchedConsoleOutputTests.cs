// BatchedConsoleOutputTests: lines come out complete, in order, on the right stream, many per write; a full buffer
// waits or drops as configured; disposal writes what is left; lines logged after disposal are written through.
using System.Text;
using Edge.Gateway.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Gateway.Tests.Logging;

public sealed class BatchedConsoleOutputTests
{
    [Fact]
    public void Enqueue_LinesWhileWriterBusy_WrittenInOrderInOneWrite()
    {
        using var stdout = new RecordingStream(holdFirstWrite: true);
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr);

        output.Enqueue(Line("line 0"), toError: false, urgent: true);
        stdout.WaitForFirstWrite();
        for (var i = 1; i <= 100; i++)
        {
            output.Enqueue(Line($"line {i}"), toError: false, urgent: false);
        }

        stdout.Release();
        output.Dispose();

        Assert.Equal(string.Concat(Enumerable.Range(0, 101).Select(i => $"line {i}\n")), stdout.Text);
        Assert.Equal(2, stdout.Writes); // the first line, then the 100 that queued behind it
        Assert.Equal("", stderr.Text);
    }

    [Fact]
    public void Enqueue_BatchOverSeveralWriteChunks_MultiByteTextIntact()
    {
        // ~150 KB of UTF-8 in one batch, with 2-, 3- and 4-byte characters (a surrogate pair) at every offset: the
        // batch is encoded through a 64 KiB buffer, and no character may be split or lost at a chunk's edge.
        using var stdout = new RecordingStream(holdFirstWrite: true);
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr) { MaxQueuedMessages = 10_000 };
        var expected = new StringBuilder("start\n");

        output.Enqueue(Line("start"), toError: false, urgent: true);
        stdout.WaitForFirstWrite();
        for (var i = 0; i < 3000; i++)
        {
            var line = $"line {i} caf\u00e9 \u20ac {new string('x', 20 + (i % 7))}\U0001F600 end";
            expected.Append(line).Append('\n');
            output.Enqueue(Line(line), toError: false, urgent: false);
        }

        stdout.Release();
        output.Dispose();

        Assert.Equal(expected.ToString(), stdout.Text);
        Assert.True(Encoding.UTF8.GetByteCount(expected.ToString()) > 2 * 64 * 1024);
        Assert.True(stdout.Writes >= 4, $"{stdout.Writes} writes"); // the first line, then the batch in 64 KiB pieces
    }

    [Fact]
    public void Enqueue_ToError_GoesToErrorStreamOnly()
    {
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr);

        output.Enqueue(Line("out"), toError: false, urgent: false);
        output.Enqueue(Line("err"), toError: true, urgent: true);
        output.Dispose();

        Assert.Equal("out\n", stdout.Text);
        Assert.Equal("err\n", stderr.Text);
    }

    [Fact]
    public void Enqueue_CallerReusesBuilder_LineKept()
    {
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr);
        var builder = new StringBuilder("first\n");

        output.Enqueue(builder, toError: false, urgent: false);
        builder.Clear().Append("second\n");
        output.Enqueue(builder, toError: false, urgent: false);
        builder.Clear().Append("garbage");
        output.Dispose();

        Assert.Equal("first\nsecond\n", stdout.Text);
    }

    [Fact]
    public void Enqueue_FullAndDropWrite_DropsAndReportsOnStderr()
    {
        using var stdout = new RecordingStream(holdFirstWrite: true);
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr) { MaxQueuedMessages = 2, FullMode = ConsoleLoggerQueueFullMode.DropWrite };

        output.Enqueue(Line("written"), toError: false, urgent: true);
        stdout.WaitForFirstWrite();
        for (var i = 0; i < 5; i++)
        {
            output.Enqueue(Line($"queued {i}"), toError: false, urgent: false);
        }

        stdout.Release();
        output.Dispose();

        Assert.Equal("written\nqueued 0\nqueued 1\n", stdout.Text);
        Assert.Equal(3, output.DroppedCount);
        Assert.StartsWith("3 log message(s) dropped", stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_FullAndWait_BlocksUntilWrittenThenKeepsEveryLine()
    {
        using var stdout = new RecordingStream(holdFirstWrite: true);
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr) { MaxQueuedMessages = 1, FullMode = ConsoleLoggerQueueFullMode.Wait };

        output.Enqueue(Line("a"), toError: false, urgent: true);
        stdout.WaitForFirstWrite();
        output.Enqueue(Line("b"), toError: false, urgent: false);
        var blocked = Task.Run(() => output.Enqueue(Line("c"), toError: false, urgent: false));
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted); // the buffer holds one line and the writer is stuck

        stdout.Release();
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        output.Dispose();

        Assert.Equal("a\nb\nc\n", stdout.Text);
        Assert.Equal(0, output.DroppedCount);
    }

    [Fact]
    public void Enqueue_AfterDispose_WrittenThrough()
    {
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        var output = new BatchedConsoleOutput(stdout, stderr);
        output.Dispose();

        output.Enqueue(Line("late"), toError: false, urgent: false);

        Assert.Equal("late\n", stdout.Text);
    }

    private static StringBuilder Line(string text) => new StringBuilder(text).Append('\n');
}
