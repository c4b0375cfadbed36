// DataFramerStatus: the result of DataFramer.Advance.
namespace Edge.Protocol.Framing;

/// <summary>Whether DATA content continues or the terminating CRLF.CRLF was consumed.</summary>
public enum DataFramerStatus : byte
{
    /// <summary>All input was consumed; the message continues.</summary>
    NeedMoreData = 0,

    /// <summary>The end of data was consumed; the reader is just after it.</summary>
    EndOfData = 1,
}
