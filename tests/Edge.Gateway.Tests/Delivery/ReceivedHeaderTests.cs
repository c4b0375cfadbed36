// ReceivedHeaderTests: golden Received headers (plaintext, TLS, no recipient), RFC 3848/6531 protocol names,
// folding (<= 78 where possible, never > 998), sanitising of wire input, and an allocation-free write.
using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Edge.Gateway.Delivery;

namespace Edge.Gateway.Tests.Delivery;

public sealed class ReceivedHeaderTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 28, 12, 34, 56, TimeSpan.Zero);
    private const string Id = "20261128T123456Z-0123456789abcdef";

    private static ReceivedHeaderInfo Plain => new(
        Helo: "client.example.net",
        Client: new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000),
        ServerHostname: "mx.example.com",
        Esmtp: true,
        Authenticated: false,
        Tls: null,
        Cipher: null,
        Id: Id,
        SingleRecipient: "alice@example.com",
        Time: Time);

    [Fact]
    public void Write_Plaintext_MatchesGolden()
    {
        Assert.Equal(
            "Received: from client.example.net ([192.0.2.10]:40000)\r\n" +
            "\tby mx.example.com (Edge) with ESMTP id 20261128T123456Z-0123456789abcdef\r\n" +
            "\tfor <alice@example.com>; Sat, 28 Nov 2026 12:34:56 +0000\r\n",
            Format(Plain));
    }

    [Fact]
    public void Write_TlsAuthenticatedWithReverseName_MatchesGolden()
    {
        ReceivedHeaderInfo info = Plain with
        {
            Authenticated = true,
            Tls = SslProtocols.Tls13,
            Cipher = TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            ClientHostName = "mail.example.net",
        };

        Assert.Equal(
            "Received: from client.example.net (mail.example.net [192.0.2.10]:40000)\r\n" +
            "\tby mx.example.com (Edge) with ESMTPSA id 20261128T123456Z-0123456789abcdef\r\n" +
            "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n" +
            "\tfor <alice@example.com>; Sat, 28 Nov 2026 12:34:56 +0000\r\n",
            Format(info));
    }

    [Fact]
    public void Write_SeveralRecipientsHeloIPv6AndOffset_MatchesGolden()
    {
        ReceivedHeaderInfo info = Plain with
        {
            Helo = "[IPv6:2001:db8::7]",
            Client = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 2525),
            Esmtp = false,
            Tls = SslProtocols.Tls12,
            Cipher = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            SingleRecipient = null,
            Time = new DateTimeOffset(2026, 3, 1, 8, 5, 9, TimeSpan.FromHours(-5.5)),
        };

        Assert.Equal(
            "Received: from [IPv6:2001:db8::7] ([IPv6:2001:db8::7]:2525)\r\n" +
            "\tby mx.example.com (Edge) with SMTP id 20261128T123456Z-0123456789abcdef\r\n" +
            "\t(using TLSv1.2 with cipher TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);\r\n" +
            "\tSun, 1 Mar 2026 08:05:09 -0530\r\n",
            Format(info));
    }

    [Fact]
    public void Write_NoHeloNoClientIPv4Mapped_WritesUnknownAndMappedAddress()
    {
        Assert.StartsWith("Received: from unknown\r\n\tby ", Format(Plain with { Helo = null, Client = null }), StringComparison.Ordinal);
        string mapped = Format(Plain with { Client = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.4"), 1) });
        Assert.StartsWith("Received: from client.example.net ([198.51.100.4]:1)\r\n", mapped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, false, false, "SMTP")]
    [InlineData(false, true, true, true, "SMTP")]
    [InlineData(true, false, false, false, "ESMTP")]
    [InlineData(true, true, false, false, "ESMTPS")]
    [InlineData(true, false, true, false, "ESMTPA")]
    [InlineData(true, true, true, false, "ESMTPSA")]
    [InlineData(true, false, false, true, "UTF8SMTP")]
    [InlineData(true, true, false, true, "UTF8SMTPS")]
    [InlineData(true, false, true, true, "UTF8SMTPA")]
    [InlineData(true, true, true, true, "UTF8SMTPSA")]
    public void ProtocolName_Flags_Rfc3848Name(bool esmtp, bool tls, bool authenticated, bool utf8, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(ReceivedHeader.ProtocolName(esmtp, tls, authenticated, utf8)));

    [Fact]
    public void Write_HeloWithCrLfAndComments_IsNeutralised()
    {
        string header = Format(Plain with { Helo = "evil\r\nX-Injected: yes (a); b\\c\u00e9", ClientHostName = "ptr\nX-Bad: 1" });

        Assert.StartsWith(
            "Received: from evil??X-Injected:?yes??a???b?c? (ptr?X-Bad:?1 [192.0.2.10]:40000) by ",
            header.Replace("\r\n\t", " ", StringComparison.Ordinal),
            StringComparison.Ordinal);
        AssertOnlyStructuralLineBreaks(header);
    }

    [Fact]
    public void Write_RecipientWithControlsAndBrackets_IsNeutralised()
    {
        string header = Format(Plain with { SingleRecipient = "a>\r\nBcc: x@evil\u0000@example.com" });

        Assert.Contains("\tfor <a???Bcc: x@evil?@example.com>; Sat,", header, StringComparison.Ordinal);
        AssertOnlyStructuralLineBreaks(header);
    }

    [Fact]
    public void Write_Utf8Recipient_KeptOnlyForSmtpUtf8()
    {
        ReceivedHeaderInfo info = Plain with { SingleRecipient = "jörg@bücher.example" };

        Assert.Contains("for <j?rg@b?cher.example>;", Format(info), StringComparison.Ordinal);
        Assert.Contains("for <jörg@bücher.example>;", Format(info with { Utf8 = true }), StringComparison.Ordinal);
        Assert.Contains(" with UTF8SMTP id ", Format(info with { Utf8 = true }), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LongNames_FoldsAtSpacesAndUnfoldsToTheSameText()
    {
        string helo = "relay-" + new string('h', 40) + ".example.net";
        string reverse = "ptr-" + new string('r', 40) + ".example.net";
        string header = Format(Plain with { Helo = helo, ClientHostName = reverse, Tls = SslProtocols.Tls13, Cipher = TlsCipherSuite.TLS_AES_256_GCM_SHA384 });

        string[] lines = Lines(header);
        Assert.All(lines, line => Assert.True(line.Length <= ReceivedHeader.SoftLineLength, $"{line.Length}: {line}"));
        Assert.Equal($"Received: from {helo}", lines[0]);
        Assert.Equal($"\t({reverse} [192.0.2.10]:40000)", lines[1]);
        string unfolded = header.Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.StartsWith($"Received: from {helo} ({reverse} [192.0.2.10]:40000) by mx.example.com (Edge) with ESMTPS id {Id} (using TLSv1.3", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HugeInputs_CappedAndEveryLineAtMost998()
    {
        ReceivedHeaderInfo info = Plain with
        {
            Helo = new string('h', 5000),
            ClientHostName = new string('r', 5000),
            Client = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:9abc:def0:1234:5678"), 65535),
            ServerHostname = new string('s', 5000),
            Id = new string('i', 5000),
            SingleRecipient = new string('\u00e9', 5000) + "@example.com",
            Utf8 = true,
            Authenticated = true,
            Tls = SslProtocols.Tls13,
            Cipher = TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        };

        var output = new ArrayBufferWriter<byte>();
        int written = ReceivedHeader.Write(output, info);
        string header = Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.Equal(output.WrittenCount, written);
        Assert.True(written <= ReceivedHeader.MaxLength);
        Assert.All(Lines(header), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= ReceivedHeader.MaxLineLength));
        Assert.Contains("from " + new string('h', ReceivedHeader.MaxNameLength) + "\r\n", header, StringComparison.Ordinal);
        Assert.Contains("id " + new string('i', ReceivedHeader.MaxIdLength) + "\r\n", header, StringComparison.Ordinal);
        Assert.Contains("for <" + new string('\u00e9', ReceivedHeader.MaxRecipientLength / 2) + ">;", header, StringComparison.Ordinal);
        AssertOnlyStructuralLineBreaks(header);
    }

    [Fact]
    public void Write_AppendsToExistingContent()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write("X-Before: 1\r\n"u8);
        ReceivedHeader.Write(output, Plain);

        Assert.StartsWith("X-Before: 1\r\nReceived: from ", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TlsSession_AllocatesNothing()
    {
        ReceivedHeaderInfo info = Plain with { Tls = SslProtocols.Tls13, Cipher = TlsCipherSuite.TLS_AES_256_GCM_SHA384, ClientHostName = "mail.example.net" };
        var output = new ArrayBufferWriter<byte>(ReceivedHeader.MaxLength * 4);
        ReceivedHeader.Write(output, info); // warm-up (JIT, enum name cache)
        output.ResetWrittenCount();

        long before = GC.GetAllocatedBytesForCurrentThread();
        ReceivedHeader.Write(output, info);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static string Format(in ReceivedHeaderInfo info)
    {
        var output = new ArrayBufferWriter<byte>();
        ReceivedHeader.Write(output, info);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string[] Lines(string header)
    {
        Assert.EndsWith("\r\n", header, StringComparison.Ordinal);
        return header[..^2].Split("\r\n");
    }

    // Every CR or LF must belong to a CRLF that is followed by a tab (a fold) or ends the header.
    private static void AssertOnlyStructuralLineBreaks(string header)
    {
        string[] lines = Lines(header);
        Assert.All(lines, line => Assert.DoesNotContain('\r', line));
        Assert.All(lines, line => Assert.DoesNotContain('\n', line));
        Assert.All(lines.Skip(1), line => Assert.StartsWith("\t", line, StringComparison.Ordinal));
    }
}
