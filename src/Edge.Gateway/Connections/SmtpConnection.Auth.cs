// SmtpConnection, AUTH half (RFC 4954): the SASL exchange for PLAIN (RFC 4616) and LOGIN, run outside the
// command loop because its lines are responses, not commands. Passwords are verified off the I/O thread; failures
// are tarpitted and limited per client address (421 once the limit is reached).
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Edge.Gateway.Auth;
using Edge.Gateway.Metrics;
using Edge.Protocol.Auth;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    private bool _authLogin;
    private byte[]? _authInitial;

    private enum SaslStatus : byte { Response, Cancelled, Malformed, Closed }

    /// <summary>Remembers the mechanism and initial response of an AUTH command (they live in the read buffer).</summary>
    private void PrepareAuth(scoped in SmtpCommand command)
    {
        _authLogin = command.AuthMechanism.Length == 5 && Ascii.EqualsIgnoreCase(command.AuthMechanism, "LOGIN"u8);
        _authInitial = command.AuthInitialResponse.IsEmpty ? null : command.AuthInitialResponse.ToArray();
    }

    private async ValueTask AuthenticateAsync(PipeReader input)
    {
        var auth = _listener.Authenticator;
        var client = _info.Client?.Address;
        if (auth is null)
        {
            Output.Write(SmtpReplies.AuthNotAvailable.Span);
            _metrics.Reply(SmtpReplies.AuthNotAvailable.Code);
            _session.AuthenticationEnded(success: false);
            return;
        }

        if (auth.IsBlocked(client))
        {
            Output.Write(SmtpReplies.TooManyAuthFailures.Span);
            _metrics.Reply(SmtpReplies.TooManyAuthFailures.Code);
            _metrics.Auth(_authLogin, AuthResult.Blocked);
            _session.Close();
            return;
        }

        string? user = null, password = null;
        var status = SaslStatus.Malformed;
        if (_authLogin)
        {
            (status, var name) = await ResponseAsync(input, _authInitial, SmtpReplies.AuthLoginUsername).ConfigureAwait(false);
            if (status == SaslStatus.Response)
            {
                (status, var secret) = await ResponseAsync(input, null, SmtpReplies.AuthLoginPassword).ConfigureAwait(false);
                (user, password) = (Utf8(name!), status == SaslStatus.Response ? Utf8(secret!) : null);
            }
        }
        else
        {
            (status, var message) = await ResponseAsync(input, _authInitial, SmtpReplies.AuthEmptyChallenge).ConfigureAwait(false);
            if (status == SaslStatus.Response)
            {
                if (SaslDecoder.TrySplitPlain(message, out var authcid, out var secret))
                {
                    (user, password) = (Utf8(message.AsSpan(authcid)), Utf8(message.AsSpan(secret)));
                }
                else
                {
                    status = SaslStatus.Malformed;
                }
            }
        }

        _authInitial = null;
        switch (status)
        {
            case SaslStatus.Closed:
                _session.Close();
                return;
            case SaslStatus.Cancelled:
                Output.Write(SmtpReplies.AuthCancelled.Span);
                _metrics.Reply(SmtpReplies.AuthCancelled.Code);
                _metrics.Auth(_authLogin, AuthResult.Cancelled);
                _session.AuthenticationEnded(success: false);
                return;
            case SaslStatus.Malformed:
                Output.Write(SmtpReplies.AuthBadResponse.Span);
                _metrics.Reply(SmtpReplies.AuthBadResponse.Code);
                _metrics.Auth(_authLogin, AuthResult.Malformed);
                _session.AuthenticationEnded(success: false);
                return;
        }

        var verdict = user is not null && password is not null
            ? await auth.VerifyAsync(user, password, _context.ConnectionClosed).ConfigureAwait(false)
            : CredentialVerdict.Rejected;
        if (verdict == CredentialVerdict.Unavailable)
        {
            // Temporary (RFC 4954 6): not the client's fault, so neither tarpitted nor counted towards MaxFailures.
            _session.AuthenticationEnded(success: false);
            Output.Write(SmtpReplies.AuthTemporaryFailure.Span);
            _metrics.Reply(SmtpReplies.AuthTemporaryFailure.Code);
            _metrics.Auth(_authLogin, AuthResult.Unavailable);
            return;
        }

        if (verdict == CredentialVerdict.Accepted && user is not null)
        {
            _info.AuthenticatedAs = user;
            _session.AuthenticationEnded(success: true);
            Output.Write(SmtpReplies.AuthSucceeded.Span);
            _metrics.Reply(SmtpReplies.AuthSucceeded.Code);
            _metrics.Auth(_authLogin, AuthResult.Success);
            Log.Authenticated(_logger, _context.ConnectionId, user);
            return;
        }

        // SECURITY: tarpit, then count; a client out of attempts is disconnected.
        var delay = auth.RecordFailure(client);
        _metrics.Auth(_authLogin, AuthResult.Failure);
        Log.AuthenticationFailed(_logger, _context.ConnectionId, _info.Client, user ?? "");
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _context.ConnectionClosed).ConfigureAwait(false);
        }

        _session.AuthenticationEnded(success: false);
        if (auth.IsBlocked(client))
        {
            Output.Write(SmtpReplies.TooManyAuthFailures.Span);
            _metrics.Reply(SmtpReplies.TooManyAuthFailures.Code);
            _session.Close();
            return;
        }

        Output.Write(SmtpReplies.AuthFailed.Span);
        _metrics.Reply(SmtpReplies.AuthFailed.Code);
    }

    /// <summary>Decodes the initial response, or sends <paramref name="challenge"/> and reads the client's line.</summary>
    private async ValueTask<(SaslStatus Status, byte[]? Decoded)> ResponseAsync(PipeReader input, byte[]? initial, SmtpReply challenge)
    {
        if (initial is not null)
        {
            return Decode(initial);
        }

        Output.Write(challenge.Span);
        _metrics.Reply(challenge.Code);
        if ((await Output.FlushAsync().ConfigureAwait(false)).IsCompleted)
        {
            return (SaslStatus.Closed, null);
        }

        while (true)
        {
            ArmDeadline();
            ReadResult result;
            try
            {
                result = await input.ReadAsync().ConfigureAwait(false);
            }
            finally
            {
                DisarmDeadline();
            }

            if (result.IsCanceled)
            {
                if (await HandleInterruptAsync().ConfigureAwait(false))
                {
                    return (SaslStatus.Closed, null);
                }

                continue;
            }

            var buffer = result.Buffer;
            var (status, decoded) = TakeResponse(ref buffer);
            input.AdvanceTo(buffer.Start, buffer.End);
            if (status is not null)
            {
                return (status.Value, decoded);
            }

            if (result.IsCompleted)
            {
                return (SaslStatus.Closed, null);
            }
        }
    }

    private (SaslStatus? Status, byte[]? Decoded) TakeResponse(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var status = _lines.TryRead(ref reader, out var line);
        buffer = buffer.Slice(reader.Position);
        return status switch
        {
            LineReadStatus.NeedMoreData => (null, null),
            LineReadStatus.LineTooLong => (SaslStatus.Malformed, null),
            _ => Decode(line.ToArray()),
        };
    }

    private static (SaslStatus, byte[]?) Decode(byte[] line)
    {
        if (SaslDecoder.IsCancel(line))
        {
            return (SaslStatus.Cancelled, null);
        }

        var decoded = new byte[line.Length];
        return SaslDecoder.TryDecodeBase64(line, decoded, out var written)
            ? (SaslStatus.Response, decoded.AsSpan(0, written).ToArray())
            : (SaslStatus.Malformed, null);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
