// TlsaDnsServer: a small authoritative DNS server on 127.0.0.1 (UDP) for tests: answers TLSA queries from a table
// that tests change between reloads; NXDOMAIN for unknown names, REFUSED-free, no recursion. Stops on dispose.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Edge.Gateway.Tests.TransportSecurity;

internal sealed class TlsaDnsServer : IAsyncDisposable
{
    private const ushort TypeTlsa = 52;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile Dictionary<string, (byte Usage, byte Selector, byte Matching, byte[] Data)[]> _records = new(StringComparer.OrdinalIgnoreCase);
    private int _queries;

    public TlsaDnsServer()
    {
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Queries answered so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Sets the TLSA records of <paramref name="name"/> (e.g. <c>_25._tcp.mx.a.test</c>) from "3 1 1 hex" strings.</summary>
    public void Set(string name, params string[] records)
    {
        var table = new Dictionary<string, (byte, byte, byte, byte[])[]>(_records, StringComparer.OrdinalIgnoreCase);
        table[name] = Array.ConvertAll(records, r =>
        {
            var parts = r.Split(' ');
            return (byte.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), byte.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
                byte.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(parts[3]));
        });
        _records = table;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var reply = Answer(received.Buffer);
            if (reply is not null)
            {
                Interlocked.Increment(ref _queries);
                await _udp.SendAsync(reply, received.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
        {
            return null;
        }

        // Question: labels, then QTYPE and QCLASS.
        var labels = new List<string>();
        var offset = 12;
        while (offset < query.Length && query[offset] != 0)
        {
            int length = query[offset];
            labels.Add(System.Text.Encoding.ASCII.GetString(query, offset + 1, length));
            offset += length + 1;
        }

        var questionEnd = offset + 5;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        var name = string.Join('.', labels);
        var found = _records.TryGetValue(name, out var records);
        var answers = found && type == TypeTlsa ? records! : [];

        using var reply = new MemoryStream();
        Span<byte> header = stackalloc byte[12];
        query.AsSpan(0, 2).CopyTo(header);                                        // id
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(0x8400 | (query[2] & 0x01) << 8 | (found ? 0 : 3)));   // QR AA RD, NOERROR/NXDOMAIN
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)answers.Length);
        reply.Write(header);
        reply.Write(query, 12, questionEnd - 12);
        foreach (var (usage, selector, matching, data) in answers)
        {
            var rr = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(), 0xC00C);                     // pointer to the question name
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(2), TypeTlsa);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(4), 1);                     // IN
            BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(6), 300);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(10), (ushort)(3 + data.Length));
            reply.Write(rr);
            reply.WriteByte(usage);
            reply.WriteByte(selector);
            reply.WriteByte(matching);
            reply.Write(data);
        }

        return reply.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // socket closed under the receive
        }

        _stop.Dispose();
    }
}
