// SinkReply: the answer of a message sink (directory delivery or a backend relay) to one step of a transaction.
// Either a pre-encoded reply or reply bytes the sink owns until its next call (a backend's text, sanitised).
using System.Buffers;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Transactions;

/// <summary>A sink's reply: <see cref="Code"/> decides the flow, the bytes are what the client sees.</summary>
internal readonly struct SinkReply
{
    private readonly SmtpReply? _reply;
    private readonly ReadOnlyMemory<byte> _encoded;

    /// <summary>A pre-encoded reply.</summary>
    public SinkReply(SmtpReply reply)
    {
        _reply = reply;
        Code = reply.Code;
    }

    /// <summary>Complete reply lines (each ending CRLF), valid until the sink's next call.</summary>
    public SinkReply(int code, ReadOnlyMemory<byte> encoded)
    {
        Code = code;
        _encoded = encoded;
    }

    /// <summary>The reply code.</summary>
    public int Code { get; }

    /// <summary>2xx or 3xx.</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>The pre-encoded reply, when the sink answered with one (metrics recognise policy refusals by it).</summary>
    public SmtpReply? Fixed => _reply;

    /// <summary>The reply lines as sent (for logs), valid as long as the reply itself.</summary>
    public ReadOnlySpan<byte> Span => _reply is not null ? _reply.Span : _encoded.Span;

    /// <summary>Writes the reply to the client.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        if (_reply is not null)
        {
            output.Write(_reply.Span);
        }
        else
        {
            output.Write(_encoded.Span);
        }
    }

    /// <summary>Implicit conversion from a pre-encoded reply.</summary>
    public static implicit operator SinkReply(SmtpReply reply) => new(reply);
}
