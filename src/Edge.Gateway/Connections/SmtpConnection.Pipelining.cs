// SmtpConnection, improper pipelining (RFC 2920 3.1): called for a command line when more input is already buffered
// behind it. The reply to that command has not been flushed yet, so those bytes were sent before the client saw it;
// that is only proper after EHLO with PIPELINING advertised, and never behind a command that ends a pipeline group.
// STARTTLS is excluded: plaintext behind it is the StartTlsInjection policy's business.
using Edge.Gateway.Metrics;
using Edge.Gateway.Policy;
using Edge.Protocol.Parsing;
using Edge.Protocol.Session;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    private bool _improperPipeliningSeen;

    /// <summary>
    /// True when the session must close (ImproperPipelining=reject: the 554 5.5.0 is written). Counts the first
    /// occurrence of a session in <c>edge_improper_pipelining_total</c>. Allocation free.
    /// </summary>
    private bool PipelinedImproperly(SmtpVerb verb)
    {
        if (verb == SmtpVerb.StartTls || (PipeliningNegotiated && !CommandTable.Has(verb, CommandTraits.EndsPipelineGroup)))
        {
            return false;
        }

        if (!_improperPipeliningSeen)
        {
            _improperPipeliningSeen = true;
            _metrics.ImproperPipelining();
            Log.ImproperPipelining(_logger, _context.ConnectionId, verb, PipeliningNegotiated);
        }

        if (_listener.ImproperPipelining != ImproperPipeliningAction.Reject)
        {
            return false;
        }

        _session.Close();
        Output.Write(PolicyReplies.ImproperPipelining.Span);
        _metrics.Reply(PolicyReplies.ImproperPipelining.Code);
        _metrics.Rejected(PolicyReason.ImproperPipelining);
        return true;
    }

    private bool PipeliningNegotiated =>
        _session.IsExtended && (_session.Settings.KeywordsFor(_session.IsTls) & EhloKeywords.Pipelining) != 0;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Connection {ConnectionId}: improper pipelining, input behind {Verb} before its reply (PIPELINING negotiated: {Negotiated})")]
        public static partial void ImproperPipelining(ILogger logger, string connectionId, SmtpVerb verb, bool negotiated);
    }
}
