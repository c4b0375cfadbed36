// ErrorStage: where in a session a failure happened; with the reply code it keys the error counts of a run.
namespace Edge.LoadTest.Client;

/// <summary>The step of a session that failed.</summary>
internal enum ErrorStage
{
    Connect,
    Greeting,
    Ehlo,
    StartTls,
    TlsHandshake,
    Mail,
    Rcpt,
    Data,
    DataEnd,
    Quit,
    /// <summary>An I/O failure or timeout during a transaction (MAIL to the final reply).</summary>
    Transaction,
}
