// HashVerdict: the outcome of checking one message's X-Edge-Load-Hash against its body.
namespace Edge.LoadTest.Sink;

/// <summary>Result of the body hash check.</summary>
internal enum HashVerdict
{
    NoHash,
    Match,
    Mismatch,
}
