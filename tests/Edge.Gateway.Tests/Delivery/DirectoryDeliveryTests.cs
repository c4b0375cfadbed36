// DirectoryDeliveryTests: messages land byte-exact as <id>.eml via tmp + rename, aborts leave nothing,
// concurrent writers never collide, and start-up creates the directory and clears stale temporary files.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Edge.Gateway.Configuration;
using Edge.Gateway.Delivery;
using Edge.Gateway.Tests.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway.Tests.Delivery;

public sealed class DirectoryDeliveryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 34, 56, TimeSpan.Zero);
    private readonly ScratchDirectory _scratch = new();
    private readonly string _inbox;

    public DirectoryDeliveryTests() => _inbox = Path.Combine(_scratch.Path, "data", "inbox");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Constructor_MissingDirectory_CreatesItAndTmp()
    {
        DirectoryDelivery delivery = Create();

        Assert.True(Directory.Exists(_inbox));
        Assert.True(Directory.Exists(Path.Combine(_inbox, "tmp")));
        Assert.Equal(Path.GetFullPath(_inbox), delivery.Directory);
    }

    [Fact]
    public void Constructor_NoDirectoryConfigured_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new DirectoryDelivery(new DeliveryOptions { Directory = "" }, TimeProvider.System, NullLogger<DirectoryDelivery>.Instance));
    }

    [Fact]
    public async Task CommitAsync_ChunkedContent_LandsByteExactAndTempIsGone()
    {
        DirectoryDelivery delivery = Create();
        byte[] header = "Received: from a by b; Sat, 28 Nov 2026 12:34:56 +0000\r\n"u8.ToArray();
        byte[] body = "Subject: hi\r\n\r\nline one\r\n.leading dot kept\r\n\x00\xff binary\r\n"u8.ToArray();

        DeliveredMessage delivered;
        await using (DirectoryMessageWriter writer = delivery.BeginMessage())
        {
            Assert.Single(Directory.GetFiles(delivery.TemporaryDirectory));
            await writer.WriteAsync(header);
            await writer.WriteAsync(body.AsMemory(0, 10));
            await writer.WriteAsync(ReadOnlyMemory<byte>.Empty);
            await writer.WriteAsync(body.AsMemory(10));
            delivered = await writer.CommitAsync();
            Assert.Equal(writer.Id, delivered.Id);
        }

        Assert.Equal(Path.Combine(delivery.Directory, delivered.Id + ".eml"), delivered.Path);
        byte[] expected = [.. header, .. body];
        Assert.Equal(expected, await File.ReadAllBytesAsync(delivered.Path));
        Assert.Equal(header.Length + body.Length, delivered.Length);
        Assert.Empty(Directory.GetFiles(delivery.TemporaryDirectory));
        Assert.Equal([delivered.Path], Directory.GetFiles(delivery.Directory));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_LeavesNoFile()
    {
        DirectoryDelivery delivery = Create();

        await using (DirectoryMessageWriter writer = delivery.BeginMessage())
        {
            await writer.WriteAsync(new byte[100_000]);
        }

        Assert.Empty(Directory.GetFiles(delivery.TemporaryDirectory));
        Assert.Empty(Directory.GetFiles(delivery.Directory));
    }

    [Fact]
    public async Task WriteAsync_AfterCommit_Throws()
    {
        DirectoryDelivery delivery = Create();
        await using DirectoryMessageWriter writer = delivery.BeginMessage();
        await writer.WriteAsync("x"u8.ToArray());
        await writer.CommitAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync("y"u8.ToArray()));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CommitAsync());
    }

    [Fact]
    public async Task BeginMessage_200ConcurrentWriters_200DistinctFilesWithTheirOwnContent()
    {
        DirectoryDelivery delivery = Create(); // fixed clock: every id has the same time part, only the random part differs
        const int writers = 200;

        DeliveredMessage[] delivered = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using DirectoryMessageWriter writer = delivery.BeginMessage();
            byte[] content = Encoding.ASCII.GetBytes($"Message-Id: <{i}@test>\r\n\r\n{new string((char)('a' + (i % 26)), 1000 + i)}\r\n");
            for (int offset = 0; offset < content.Length; offset += 97)
            {
                await writer.WriteAsync(content.AsMemory(offset, Math.Min(97, content.Length - offset)));
            }

            return await writer.CommitAsync();
        })));

        Assert.Equal(writers, delivered.Select(d => d.Id).Distinct().Count());
        Assert.Equal(writers, Directory.GetFiles(delivery.Directory, "*.eml").Length);
        Assert.Empty(Directory.GetFiles(delivery.TemporaryDirectory));
        for (int i = 0; i < writers; i++)
        {
            string text = await File.ReadAllTextAsync(delivered[i].Path);
            Assert.StartsWith($"Message-Id: <{i}@test>\r\n", text, StringComparison.Ordinal);
            Assert.Equal(1000 + i + 2, text.Length - text.IndexOf("\r\n\r\n", StringComparison.Ordinal) - 4);
        }
    }

    [Fact]
    public async Task CommitAsync_TenMegabytesInChunks_LandsIntact()
    {
        DirectoryDelivery delivery = Create();
        const int total = 10 * 1024 * 1024;
        byte[] chunk = new byte[16 * 1024 + 7]; // odd size: chunks do not line up with the 64 KiB buffer
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var random = new Random(42);

        DeliveredMessage delivered;
        await using (DirectoryMessageWriter writer = delivery.BeginMessage())
        {
            for (int written = 0; written < total; written += chunk.Length)
            {
                int length = Math.Min(chunk.Length, total - written);
                random.NextBytes(chunk.AsSpan(0, length));
                hash.AppendData(chunk, 0, length);
                await writer.WriteAsync(chunk.AsMemory(0, length));
            }

            delivered = await writer.CommitAsync();
        }

        Assert.Equal(total, delivered.Length);
        Assert.Equal(total, new FileInfo(delivered.Path).Length);
        await using FileStream file = File.OpenRead(delivered.Path);
        Assert.Equal(hash.GetHashAndReset(), await SHA256.HashDataAsync(file));
    }

    [Fact]
    public void NewId_Time_IsSortableAndRandom()
    {
        string a = DirectoryDelivery.NewId(Now);
        string b = DirectoryDelivery.NewId(Now);
        string later = DirectoryDelivery.NewId(Now.AddSeconds(1));

        Assert.Matches(new Regex("^20261128T123456Z-[0-9a-f]{16}$"), a);
        Assert.NotEqual(a, b);
        Assert.True(string.CompareOrdinal(a, later) < 0);
        Assert.True(string.CompareOrdinal(b, later) < 0);
    }

    [Fact]
    public void Constructor_StaleTemporaryFile_IsRemovedAndFreshOneKept()
    {
        string tmp = Path.Combine(_inbox, "tmp");
        Directory.CreateDirectory(tmp);
        string stale = Path.Combine(tmp, "stale.tmp");
        string fresh = Path.Combine(tmp, "fresh.tmp");
        File.WriteAllText(stale, "x");
        File.WriteAllText(fresh, "x");
        File.SetLastWriteTimeUtc(stale, Now.UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(fresh, Now.UtcDateTime.AddMinutes(-5));

        Create();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task CommitAsync_OnUnix_FileIsNotReadableByOthers()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only; Edge targets Linux
        }

        DirectoryDelivery delivery = Create();
        await using DirectoryMessageWriter writer = delivery.BeginMessage();
        DeliveredMessage delivered = await writer.CommitAsync();

        UnixFileMode others = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(delivered.Path) & others);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(delivery.Directory) & others);
    }

    [Fact]
    public async Task AddDirectoryDelivery_HostStartWithoutBackends_CreatesDirectory()
    {
        string[] args = ["--Edge:Delivery:Directory=" + _inbox];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddEdgeConfiguration(args);
        builder.Services.AddDirectoryDelivery();
        using IHost host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(Directory.Exists(Path.Combine(_inbox, "tmp")));
    }

    private DirectoryDelivery Create() =>
        new(new DeliveryOptions { Directory = _inbox }, new FixedTimeProvider(Now), NullLogger<DirectoryDelivery>.Instance);
}
