// ReplyParseStatus: the outcome of parsing bytes a backend sent as a reply. Anything but Complete or NeedMore
// is a protocol violation: the connection is discarded, and the client never sees the bytes.
namespace Edge.Gateway.Relay;

/// <summary>Result of <see cref="BackendReply.TryParse"/>.</summary>
internal enum ReplyParseStatus
{
    /// <summary>A whole reply was read.</summary>
    Complete,
    /// <summary>The reply is not complete yet.</summary>
    NeedMore,
    /// <summary>A line longer than <see cref="BackendReply.MaxLineLength"/>.</summary>
    LineTooLong,
    /// <summary>More than <see cref="BackendReply.MaxLines"/> lines.</summary>
    TooManyLines,
    /// <summary>Not <c>code[-| ]text</c>, or the code changed between lines.</summary>
    Malformed,
}
