// RelayStage: where in the backend conversation something failed (YARP's ForwarderError idea). Logs, health and
// metrics use it; a failure before Mail may be retried on another backend, a later one costs the client a 4xx.
namespace Edge.Gateway.Relay;

/// <summary>The step of the backend conversation.</summary>
internal enum RelayStage
{
    /// <summary>TCP connect.</summary>
    Connect,
    /// <summary>Waiting for the 220 greeting.</summary>
    Greeting,
    /// <summary>EHLO/HELO.</summary>
    Hello,
    /// <summary>STARTTLS or the implicit TLS handshake.</summary>
    Tls,
    /// <summary>XCLIENT and the EHLO after it.</summary>
    XClient,
    /// <summary>XFORWARD.</summary>
    XForward,
    /// <summary>MAIL FROM.</summary>
    Mail,
    /// <summary>RCPT TO.</summary>
    Recipient,
    /// <summary>DATA (waiting for 354).</summary>
    Data,
    /// <summary>Streaming the content.</summary>
    Content,
    /// <summary>Waiting for the final reply after the end of data.</summary>
    FinalReply,
    /// <summary>RSET between transactions.</summary>
    Reset,
}
