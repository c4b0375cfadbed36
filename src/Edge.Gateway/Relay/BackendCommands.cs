// BackendCommands: composes the commands the relay sends to a backend, straight into the connection's PipeWriter.
// MAIL and RCPT are re-emitted canonically from the parsed envelope (never the client's raw line), each parameter
// only when the backend offered its extension. SECURITY: every value is either validated by the parser, a number,
// or xtext-encoded here, so nothing the client sent can add a command or a parameter on the backend leg.
using System.Buffers.Text;
using System.Net.Sockets;
using System.Security.Authentication;
using Edge.Gateway.Transactions;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Relay;

/// <summary>Writers for backend commands (each ends with CRLF).</summary>
internal static class BackendCommands
{
    /// <summary>Longest XFORWARD line (Postfix accepts 512 octets per command line, RFC 5321 4.5.3.1.4).</summary>
    private const int MaxCommandLine = 512;

    public static ReadOnlySpan<byte> Data => "DATA\r\n"u8;

    public static ReadOnlySpan<byte> LastChunk => "BDAT 0 LAST\r\n"u8;

    /// <summary><c>BDAT n</c> (RFC 3030), never LAST: the end is always an empty <see cref="LastChunk"/>.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, int size)
    {
        output.Write("BDAT "u8);
        WriteNumber(output, size);
        output.Write("\r\n"u8);
    }

    public static ReadOnlySpan<byte> Reset => "RSET\r\n"u8;

    public static ReadOnlySpan<byte> Quit => "QUIT\r\n"u8;

    public static ReadOnlySpan<byte> StartTls => "STARTTLS\r\n"u8;

    /// <summary><c>EHLO name</c> or <c>HELO name</c>; the name is Edge's validated host name.</summary>
    public static void WriteHello(IBufferWriter<byte> output, bool extended, ReadOnlySpan<byte> hostname)
    {
        output.Write(extended ? "EHLO "u8 : "HELO "u8);
        output.Write(hostname);
        output.Write("\r\n"u8);
    }

    /// <summary>
    /// <c>XFORWARD</c> with the attributes the backend listed (Postfix XFORWARD_README): values xtext-encoded;
    /// <c>[UNAVAILABLE]</c> where Edge has no value.
    /// </summary>
    public static void WriteXForward(IBufferWriter<byte> output, SessionInfo session, XForwardAttributes accepted) =>
        WriteAttributes(output, "XFORWARD"u8, session, accepted & ~XForwardAttributes.Login, plainProto: false);

    /// <summary>
    /// <c>XCLIENT</c> with the attributes the backend listed (Postfix XCLIENT_README): as XFORWARD, but PROTO is only
    /// SMTP or ESMTP, and LOGIN (the name the client authenticated as) is sent only when there is one.
    /// </summary>
    public static void WriteXClient(IBufferWriter<byte> output, SessionInfo session, XForwardAttributes accepted) =>
        WriteAttributes(output, "XCLIENT"u8, session, session.AuthenticatedAs is null ? accepted & ~XForwardAttributes.Login : accepted, plainProto: true);

    private static void WriteAttributes(IBufferWriter<byte> output, ReadOnlySpan<byte> verb, SessionInfo session, XForwardAttributes accepted, bool plainProto)
    {
        Span<byte> line = stackalloc byte[MaxCommandLine];
        var at = Append(line, 0, verb);
        if ((accepted & XForwardAttributes.Name) != 0)
        {
            at = Append(line, at, " NAME=[UNAVAILABLE]"u8);
        }

        var client = session.Client;
        if ((accepted & XForwardAttributes.Addr) != 0)
        {
            at = Append(line, at, " ADDR="u8);
            at = AppendAddress(line, at, client?.Address);
        }

        if ((accepted & XForwardAttributes.Port) != 0)
        {
            at = Append(line, at, " PORT="u8);
            if (client is null || !Utf8Formatter.TryFormat(client.Port, line[at..], out var written))
            {
                at = Append(line, at, "[UNAVAILABLE]"u8);
            }
            else
            {
                at += written;
            }
        }

        if ((accepted & XForwardAttributes.Proto) != 0)
        {
            at = Append(line, at, " PROTO="u8);
            at = Append(line, at, plainProto ? (session.Extended ? "ESMTP"u8 : "SMTP"u8) : Protocol(session));
        }

        if ((accepted & XForwardAttributes.Helo) != 0)
        {
            at = Append(line, at, " HELO="u8);
            var room = line.Length - at - 2;
            // A HELO too long for one line is reported as unavailable rather than cut (a cut name is a wrong name).
            if (session.Helo is not { Length: > 0 } helo || !TryXText(helo, line.Slice(at, room), out var written))
            {
                at = Append(line, at, "[UNAVAILABLE]"u8);
            }
            else
            {
                at += written;
            }
        }

        if ((accepted & XForwardAttributes.Login) != 0 && at + 9 < line.Length
            && TryXText(session.AuthenticatedAs!, line.Slice(at + 7, Math.Max(0, line.Length - at - 9)), out var login))
        {
            at = Append(line, at, " LOGIN="u8) + login;
        }

        at = Append(line, at, "\r\n"u8);
        output.Write(line[..at]);
    }

    /// <summary><c>MAIL FROM:&lt;sender&gt;</c> and the parameters the backend understands.</summary>
    public static void WriteMail(IBufferWriter<byte> output, Envelope envelope, SessionInfo session, BackendCapabilities caps)
    {
        output.Write("MAIL FROM:<"u8);
        output.Write(envelope.Sender);
        output.Write(">"u8);
        if ((caps & BackendCapabilities.Size) != 0 && envelope.DeclaredSize >= 0)
        {
            output.Write(" SIZE="u8);
            WriteNumber(output, envelope.DeclaredSize);
        }

        // A backend without 8BITMIME gets no BODY; RelayTransaction aborts at the first 8-bit octet (RFC 6152 3: no
        // down-conversion here), so 7-bit content still goes through.
        if ((caps & BackendCapabilities.EightBitMime) != 0)
        {
            if (envelope.Body == BodyType.EightBitMime)
            {
                output.Write(" BODY=8BITMIME"u8);
            }
            else if (envelope.Body == BodyType.SevenBit)
            {
                output.Write(" BODY=7BIT"u8);
            }
        }

        if (envelope.SmtpUtf8)
        {
            output.Write(" SMTPUTF8"u8); // only reached when offered (RelayTransaction refuses otherwise)
        }

        if (envelope.RequireTls)
        {
            output.Write(" REQUIRETLS"u8); // only reached over verified TLS to a backend offering it
        }

        if ((caps & BackendCapabilities.Dsn) != 0)
        {
            if (envelope.Ret != DsnReturn.Unspecified)
            {
                output.Write(envelope.Ret == DsnReturn.Full ? " RET=FULL"u8 : " RET=HDRS"u8);
            }

            if (!envelope.EnvId.IsEmpty)
            {
                output.Write(" ENVID="u8);
                output.Write(envelope.EnvId); // xtext, validated by the parser
            }
        }

        if ((caps & BackendCapabilities.Auth) != 0)
        {
            // SECURITY: RFC 4954 5: an identity is only vouched for when the client authenticated to Edge;
            // otherwise the backend is told "<>" whatever the client claimed.
            output.Write(" AUTH="u8);
            if (session.AuthenticatedAs is null)
            {
                output.Write("<>"u8);
            }
            else if (!envelope.Auth.IsEmpty)
            {
                output.Write(envelope.Auth);
            }
            else
            {
                WriteXText(output, session.AuthenticatedAs);
            }
        }

        output.Write("\r\n"u8);
    }

    /// <summary><c>RCPT TO:&lt;address&gt;</c> with NOTIFY/ORCPT when the backend offers DSN.</summary>
    public static void WriteRecipient(IBufferWriter<byte> output, Envelope envelope, int index, BackendCapabilities caps)
    {
        output.Write("RCPT TO:<"u8);
        output.Write(envelope.Recipient(index));
        output.Write(">"u8);
        if ((caps & BackendCapabilities.Dsn) != 0)
        {
            var notify = envelope.Notify(index);
            if (notify != DsnNotify.Unspecified)
            {
                output.Write(" NOTIFY="u8);
                if ((notify & DsnNotify.Never) != 0)
                {
                    output.Write("NEVER"u8);
                }
                else
                {
                    var first = true;
                    WriteFlag(output, notify, DsnNotify.Success, "SUCCESS"u8, ref first);
                    WriteFlag(output, notify, DsnNotify.Failure, "FAILURE"u8, ref first);
                    WriteFlag(output, notify, DsnNotify.Delay, "DELAY"u8, ref first);
                }
            }

            var orcpt = envelope.OriginalRecipient(index);
            if (!orcpt.IsEmpty)
            {
                output.Write(" ORCPT="u8);
                output.Write(orcpt); // addr-type;xtext, validated by the parser
            }
        }

        output.Write("\r\n"u8);
    }

    /// <summary>
    /// RFC 3461 4: xtext. Printable ASCII except '+' and '=' is itself; everything else is "+HH". Returns false when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryXText(string value, Span<byte> destination, out int written)
    {
        written = 0;
        foreach (var c in value)
        {
            if (c is >= '!' and <= '~' and not '+' and not '=')
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = (byte)c;
            }
            else
            {
                if (written + 3 > destination.Length)
                {
                    return false;
                }

                var b = c > 0xFF ? (byte)'?' : (byte)c; // SessionInfo values are ASCII-sanitised; be safe anyway
                destination[written++] = (byte)'+';
                destination[written++] = (byte)"0123456789ABCDEF"[b >> 4];
                destination[written++] = (byte)"0123456789ABCDEF"[b & 0xF];
            }
        }

        return true;
    }

    // RFC 3848 protocol types, as Postfix writes them into its Received header.
    private static ReadOnlySpan<byte> Protocol(SessionInfo session)
    {
        if (!session.Extended)
        {
            return "SMTP"u8;
        }

        var tls = session.TlsProtocol is { } p && p != SslProtocols.None;
        var auth = session.AuthenticatedAs is not null;
        return (tls, auth) switch
        {
            (true, true) => "ESMTPSA"u8,
            (true, false) => "ESMTPS"u8,
            (false, true) => "ESMTPA"u8,
            _ => "ESMTP"u8,
        };
    }

    private static int AppendAddress(Span<byte> line, int at, IPAddress? address)
    {
        if (address is null)
        {
            return Append(line, at, "[UNAVAILABLE]"u8);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            at = Append(line, at, "IPV6:"u8);
        }

        // IPAddress formats ASCII digits, dots, colons and hex: all literal xtext characters.
        return address.TryFormat(line[at..], out int written) ? at + written : Append(line, at, "[UNAVAILABLE]"u8);
    }

    private static int Append(Span<byte> line, int at, ReadOnlySpan<byte> value)
    {
        value.CopyTo(line[at..]);
        return at + value.Length;
    }

    private static void WriteFlag(IBufferWriter<byte> output, DsnNotify value, DsnNotify flag, ReadOnlySpan<byte> name, ref bool first)
    {
        if ((value & flag) == 0)
        {
            return;
        }

        if (!first)
        {
            output.Write(","u8);
        }

        output.Write(name);
        first = false;
    }

    private static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    private static void WriteXText(IBufferWriter<byte> output, string value)
    {
        var span = output.GetSpan((value.Length * 3) + 1);
        TryXText(value, span, out var written);
        output.Advance(written);
    }
}
