// BdatFramerStatus: the result of BdatFramer.Advance.
namespace Edge.Protocol.Framing;

/// <summary>Whether the current BDAT chunk still expects octets.</summary>
public enum BdatFramerStatus : byte
{
    /// <summary>All input was consumed and the chunk still expects octets.</summary>
    NeedMoreData = 0,

    /// <summary>The chunk's octets have all been taken; the reader is just after them.</summary>
    ChunkComplete = 1,
}
