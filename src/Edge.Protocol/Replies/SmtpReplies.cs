// SmtpReplies: the fixed replies Edge sends, encoded once at type load. Every error carries an enhanced
// status code (RFC 3463, RFC 2034); texts name the problem without echoing client input.
namespace Edge.Protocol.Replies;

/// <summary>Pre-encoded common replies. Per-listener replies (greeting, EHLO) are built by <see cref="ServerReplies"/>.</summary>
public static class SmtpReplies
{
#pragma warning disable CA1707 // readability of reply constants
    /// <summary>221 2.0.0 Bye.</summary>
    public static readonly SmtpReply Bye = SmtpReply.Create(221, "2.0.0", "Bye");
    /// <summary>250 2.0.0 Ok.</summary>
    public static readonly SmtpReply Ok = SmtpReply.Create(250, "2.0.0", "Ok");
    /// <summary>250 2.1.0 Sender ok.</summary>
    public static readonly SmtpReply SenderOk = SmtpReply.Create(250, "2.1.0", "Sender ok");
    /// <summary>250 2.1.5 Recipient ok.</summary>
    public static readonly SmtpReply RecipientOk = SmtpReply.Create(250, "2.1.5", "Recipient ok");
    /// <summary>250 2.6.0 Message accepted (directory delivery and tests; the relay passes the backend's reply through).</summary>
    public static readonly SmtpReply MessageAccepted = SmtpReply.Create(250, "2.6.0", "Message accepted");
    /// <summary>252 2.5.0 (RFC 5321 3.5.3: VRFY answered without disclosing anything).</summary>
    public static readonly SmtpReply CannotVerify = SmtpReply.Create(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    /// <summary>214 2.0.0 help.</summary>
    public static readonly SmtpReply Help = SmtpReply.Create(214, "2.0.0", "See RFC 5321 (https://www.rfc-editor.org/rfc/rfc5321)");
    /// <summary>220 2.0.0 Ready to start TLS (RFC 3207 4).</summary>
    public static readonly SmtpReply ReadyToStartTls = SmtpReply.Create(220, "2.0.0", "Ready to start TLS");
    /// <summary>354 (RFC 5321 4.1.1.4).</summary>
    public static readonly SmtpReply StartMailInput = SmtpReply.Create(354, null, "End data with <CR><LF>.<CR><LF>");
    /// <summary>235 2.7.0 Authentication successful (RFC 4954 6).</summary>
    public static readonly SmtpReply AuthSucceeded = SmtpReply.Create(235, "2.7.0", "Authentication successful");
    /// <summary>334 <c>VXNlcm5hbWU6</c> (LOGIN's "Username:").</summary>
    public static readonly SmtpReply AuthLoginUsername = SmtpReply.Create(334, null, "VXNlcm5hbWU6");
    /// <summary>334 <c>UGFzc3dvcmQ6</c> (LOGIN's "Password:").</summary>
    public static readonly SmtpReply AuthLoginPassword = SmtpReply.Create(334, null, "UGFzc3dvcmQ6");
    /// <summary>334 with an empty challenge (RFC 4954 4).</summary>
    public static readonly SmtpReply AuthEmptyChallenge = SmtpReply.Create(334, null, "");

    /// <summary>421 4.3.2 Service shutting down (graceful stop).</summary>
    public static readonly SmtpReply ShuttingDown = SmtpReply.Create(421, "4.3.2", "Service shutting down");
    /// <summary>421 4.4.2 Timeout (RFC 5321 4.5.3.2).</summary>
    public static readonly SmtpReply Timeout = SmtpReply.Create(421, "4.4.2", "Timeout exceeded, closing connection");
    /// <summary>421 4.7.0 Too many errors.</summary>
    public static readonly SmtpReply TooManyErrors = SmtpReply.Create(421, "4.7.0", "Too many errors, closing connection");
    /// <summary>421 4.7.0 Too many junk commands.</summary>
    public static readonly SmtpReply TooManyJunkCommands = SmtpReply.Create(421, "4.7.0", "Too many commands without mail, closing connection");
    /// <summary>451 4.3.0 local processing error; the client keeps the message.</summary>
    public static readonly SmtpReply LocalError = SmtpReply.Create(451, "4.3.0", "Local error in processing, try again later");
    /// <summary>452 4.5.3 Too many recipients (RFC 5321 4.5.3.1.10).</summary>
    public static readonly SmtpReply TooManyRecipients = SmtpReply.Create(452, "4.5.3", "Too many recipients");
    /// <summary>454 4.7.0 TLS not available due to temporary reason (RFC 3207 4).</summary>
    public static readonly SmtpReply TlsNotAvailable = SmtpReply.Create(454, "4.7.0", "TLS not available due to local problem");

    /// <summary>421 4.7.0 too many failed AUTH attempts from this client.</summary>
    public static readonly SmtpReply TooManyAuthFailures = SmtpReply.Create(421, "4.7.0", "Too many authentication failures, try again later");
    /// <summary>454 4.7.0 temporary authentication failure (RFC 4954 6).</summary>
    public static readonly SmtpReply AuthTemporaryFailure = SmtpReply.Create(454, "4.7.0", "Temporary authentication failure");
    /// <summary>500 5.5.2 unrecognised command or syntax error.</summary>
    public static readonly SmtpReply SyntaxError = SmtpReply.Create(500, "5.5.2", "Syntax error, command unrecognized");
    /// <summary>500 5.5.2 Line too long (RFC 5321 4.5.3.1.4).</summary>
    public static readonly SmtpReply LineTooLong = SmtpReply.Create(500, "5.5.2", "Line too long");
    /// <summary>501 5.5.4 bad arguments.</summary>
    public static readonly SmtpReply BadArgument = SmtpReply.Create(501, "5.5.4", "Syntax error in parameters or arguments");
    /// <summary>501 5.5.4 bad parameter (duplicate, missing value).</summary>
    public static readonly SmtpReply BadParameter = SmtpReply.Create(501, "5.5.4", "Invalid or duplicate parameter");
    /// <summary>501 5.5.4 bad number.</summary>
    public static readonly SmtpReply BadNumber = SmtpReply.Create(501, "5.5.4", "Invalid number");
    /// <summary>501 5.1.7 bad sender address syntax.</summary>
    public static readonly SmtpReply BadSenderSyntax = SmtpReply.Create(501, "5.1.7", "Bad sender address syntax");
    /// <summary>501 5.1.3 bad recipient address syntax.</summary>
    public static readonly SmtpReply BadRecipientSyntax = SmtpReply.Create(501, "5.1.3", "Bad recipient address syntax");
    /// <summary>501 5.7.0 the client cancelled AUTH with <c>*</c> (RFC 4954 4).</summary>
    public static readonly SmtpReply AuthCancelled = SmtpReply.Create(501, "5.7.0", "Authentication cancelled");
    /// <summary>501 5.5.2 a SASL response that is not valid base64 (RFC 4954 4).</summary>
    public static readonly SmtpReply AuthBadResponse = SmtpReply.Create(501, "5.5.2", "Cannot decode response");
    /// <summary>502 5.5.1 Command not implemented.</summary>
    public static readonly SmtpReply NotImplemented = SmtpReply.Create(502, "5.5.1", "Command not implemented");
    /// <summary>503 5.5.1 Send HELO/EHLO first.</summary>
    public static readonly SmtpReply SendHeloFirst = SmtpReply.Create(503, "5.5.1", "Send HELO/EHLO first");
    /// <summary>503 5.5.1 Nested MAIL command.</summary>
    public static readonly SmtpReply NestedMail = SmtpReply.Create(503, "5.5.1", "Nested MAIL command");
    /// <summary>503 5.5.1 Need MAIL command.</summary>
    public static readonly SmtpReply NeedMail = SmtpReply.Create(503, "5.5.1", "Need MAIL command");
    /// <summary>503 5.5.1 Need RCPT command.</summary>
    public static readonly SmtpReply NeedRecipient = SmtpReply.Create(503, "5.5.1", "Need RCPT command");
    /// <summary>503 5.5.1 TLS already active (RFC 3207 4.2).</summary>
    public static readonly SmtpReply TlsAlreadyActive = SmtpReply.Create(503, "5.5.1", "TLS already active");
    /// <summary>503 5.5.1 BDAT or RSET expected (RFC 3030 2).</summary>
    public static readonly SmtpReply BdatExpected = SmtpReply.Create(503, "5.5.1", "BDAT or RSET expected");
    /// <summary>503 5.5.1 DATA with BODY=BINARYMIME (RFC 3030 3).</summary>
    public static readonly SmtpReply BinaryMimeNeedsBdat = SmtpReply.Create(503, "5.5.1", "BODY=BINARYMIME requires BDAT");
    /// <summary>503 5.5.1 AUTH not available here.</summary>
    public static readonly SmtpReply AuthNotAvailable = SmtpReply.Create(503, "5.5.1", "Authentication not available");
    /// <summary>503 5.5.1 Already authenticated (RFC 4954 4).</summary>
    public static readonly SmtpReply AlreadyAuthenticated = SmtpReply.Create(503, "5.5.1", "Already authenticated");
    /// <summary>503 5.5.1 AUTH during a transaction (RFC 4954 4).</summary>
    public static readonly SmtpReply AuthInTransaction = SmtpReply.Create(503, "5.5.1", "AUTH not permitted during a mail transaction");
    /// <summary>504 5.5.4 parameter value not supported.</summary>
    public static readonly SmtpReply UnsupportedParameterValue = SmtpReply.Create(504, "5.5.4", "Parameter value not supported");
    /// <summary>504 5.5.4 BODY=BINARYMIME not supported.</summary>
    public static readonly SmtpReply BinaryMimeUnsupported = SmtpReply.Create(504, "5.5.4", "BODY=BINARYMIME not supported");
    /// <summary>504 5.5.4 unknown SASL mechanism (RFC 4954 4).</summary>
    public static readonly SmtpReply UnknownAuthMechanism = SmtpReply.Create(504, "5.5.4", "Unrecognized authentication type");
    /// <summary>530 5.7.0 Must issue a STARTTLS command first (RFC 3207 4).</summary>
    public static readonly SmtpReply MustStartTls = SmtpReply.Create(530, "5.7.0", "Must issue a STARTTLS command first");
    /// <summary>530 5.7.0 Authentication required (RFC 4954 6).</summary>
    public static readonly SmtpReply AuthenticationRequired = SmtpReply.Create(530, "5.7.0", "Authentication required");
    /// <summary>535 5.7.8 Authentication credentials invalid (RFC 4954 6).</summary>
    public static readonly SmtpReply AuthFailed = SmtpReply.Create(535, "5.7.8", "Authentication credentials invalid");
    /// <summary>550 5.7.1 Relaying denied: the recipient's domain is not served here and the client may not relay.</summary>
    public static readonly SmtpReply RelayDenied = SmtpReply.Create(550, "5.7.1", "Relaying denied");
    /// <summary>550 5.6.11 bare CR or LF in the message content (SMTP smuggling defence).</summary>
    public static readonly SmtpReply BareLineEnding = SmtpReply.Create(550, "5.6.11", "Bare CR or LF in message content is not accepted; use CRLF");
    /// <summary>550 5.7.30 REQUIRETLS cannot be honoured (RFC 8689 5).</summary>
    public static readonly SmtpReply RequireTlsUnavailable = SmtpReply.Create(550, "5.7.30", "REQUIRETLS support required but not available");
    /// <summary>552 5.3.4 Message too big (RFC 1870).</summary>
    public static readonly SmtpReply MessageTooBig = SmtpReply.Create(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /// <summary>553 5.6.7 non-ASCII address without SMTPUTF8 (RFC 6531 3.5).</summary>
    public static readonly SmtpReply NonAsciiAddress = SmtpReply.Create(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
    /// <summary>554 5.5.1 No valid recipients (RFC 5321 3.3).</summary>
    public static readonly SmtpReply NoValidRecipients = SmtpReply.Create(554, "5.5.1", "No valid recipients");
    /// <summary>554 5.5.1 early talker (sent before the greeting).</summary>
    public static readonly SmtpReply EarlyTalker = SmtpReply.Create(554, "5.5.1", "Protocol error: data sent before greeting");
    /// <summary>555 5.5.4 unknown MAIL/RCPT parameter (RFC 5321 4.1.1.11).</summary>
    public static readonly SmtpReply UnknownParameter = SmtpReply.Create(555, "5.5.4", "Unsupported MAIL/RCPT parameter");
#pragma warning restore CA1707
}
