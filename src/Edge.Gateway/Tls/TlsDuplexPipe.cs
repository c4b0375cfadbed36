// TlsDuplexPipe: the IDuplexPipe that replaces ConnectionContext.Transport while TLS is active
// (a PipeReader and a PipeWriter over the SslStream). Owned and completed by TlsConnection.
using System.IO.Pipelines;

namespace Edge.Gateway.Tls;

/// <summary>A reader/writer pair exposed as a transport.</summary>
internal sealed class TlsDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
