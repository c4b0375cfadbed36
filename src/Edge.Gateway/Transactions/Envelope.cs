// Envelope: the current transaction's sender, recipients and ESMTP parameters, copied out of the read buffer
// into one pooled byte store per connection, so a transaction costs no allocation per command.
using System.Buffers;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Transactions;

/// <summary>The envelope of one transaction. Reused for every transaction of a connection; not thread-safe.</summary>
internal sealed class Envelope : IDisposable
{
    private byte[] _store = [];
    private int _used;
    private Range _sender;
    private Range _envId;
    private Range _auth;
    private readonly List<RecipientEntry> _recipients = new(4);

    /// <summary>The reverse path (empty for the null sender <c>&lt;&gt;</c>).</summary>
    public ReadOnlySpan<byte> Sender => _store.AsSpan(_sender);

    /// <summary>SIZE=, or -1.</summary>
    public long DeclaredSize { get; private set; } = -1;

    /// <summary>BODY=.</summary>
    public BodyType Body { get; private set; }

    /// <summary>SMTPUTF8 was given.</summary>
    public bool SmtpUtf8 { get; private set; }

    /// <summary>REQUIRETLS was given.</summary>
    public bool RequireTls { get; private set; }

    /// <summary>RET=.</summary>
    public DsnReturn Ret { get; private set; }

    /// <summary>ENVID= (raw xtext), empty when absent.</summary>
    public ReadOnlySpan<byte> EnvId => _store.AsSpan(_envId);

    /// <summary>AUTH= (raw xtext), empty when absent.</summary>
    public ReadOnlySpan<byte> Auth => _store.AsSpan(_auth);

    /// <summary>
    /// Set with each recipient: the client's next command, already received, is DATA (a pipelined group, RFC 2920), so
    /// a sink may send its own DATA right behind this recipient instead of waiting for the recipient's reply first.
    /// </summary>
    public bool DataFollows { get; set; }

    /// <summary>Recipients added so far (accepted or pending: the last one is the one being asked about).</summary>
    public int RecipientCount => _recipients.Count;

    /// <summary>Number of recipients the sink accepted.</summary>
    public int AcceptedCount { get; private set; }

    /// <summary>The address of recipient <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Recipient(int index) => _store.AsSpan(_recipients[index].Address);

    /// <summary>NOTIFY= of recipient <paramref name="index"/>.</summary>
    public DsnNotify Notify(int index) => _recipients[index].Notify;

    /// <summary>ORCPT= (raw) of recipient <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> OriginalRecipient(int index) => _store.AsSpan(_recipients[index].ORcpt);

    /// <summary>Whether recipient <paramref name="index"/> was accepted.</summary>
    public bool IsAccepted(int index) => _recipients[index].Accepted;

    /// <summary>Starts a new envelope from a MAIL command.</summary>
    public void Begin(scoped in SmtpCommand mail)
    {
        Clear();
        var parameters = mail.Mail;
        _sender = Append(mail.Path);
        _envId = Append(parameters.EnvId);
        _auth = Append(parameters.Auth);
        DeclaredSize = parameters.Size;
        Body = parameters.Body;
        SmtpUtf8 = parameters.SmtpUtf8;
        RequireTls = parameters.RequireTls;
        Ret = parameters.Ret;
    }

    /// <summary>The MAIL parameters as the state machine wants them back.</summary>
    public MailParameters MailParameters => new() { Size = DeclaredSize, Body = Body, SmtpUtf8 = SmtpUtf8, RequireTls = RequireTls, Ret = Ret };

    /// <summary>Adds a recipient from a RCPT command (pending until <see cref="MarkAccepted"/>); returns its index.</summary>
    public int AddRecipient(scoped in SmtpCommand rcpt)
    {
        var address = Append(rcpt.Path);
        var orcpt = Append(rcpt.Rcpt.ORcpt);
        _recipients.Add(new RecipientEntry(address, orcpt, rcpt.Rcpt.Notify, false));
        return _recipients.Count - 1;
    }

    /// <summary>Marks recipient <paramref name="index"/> accepted by the sink.</summary>
    public void MarkAccepted(int index)
    {
        _recipients[index] = _recipients[index] with { Accepted = true };
        AcceptedCount++;
    }

    /// <summary>Forgets the transaction (the store is kept for the next one).</summary>
    public void Clear()
    {
        _used = 0;
        _sender = _envId = _auth = default;
        _recipients.Clear();
        AcceptedCount = 0;
        DeclaredSize = -1;
        Body = BodyType.Unspecified;
        SmtpUtf8 = RequireTls = false;
        Ret = DsnReturn.Unspecified;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_store.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_store);
            _store = [];
        }
    }

    private Range Append(scoped ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return default;
        }

        if (_used + value.Length > _store.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(1024, (_used + value.Length) * 2));
            _store.AsSpan(0, _used).CopyTo(bigger);
            if (_store.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_store);
            }

            _store = bigger;
        }

        value.CopyTo(_store.AsSpan(_used));
        var range = new Range(_used, _used + value.Length);
        _used += value.Length;
        return range;
    }

    private readonly record struct RecipientEntry(Range Address, Range ORcpt, DsnNotify Notify, bool Accepted);
}
