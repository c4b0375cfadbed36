// CommandTable: verb → flags, one row per verb, readable against RFC 2920 3.1 and RFC 3207 4.
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Session;

/// <summary>The flags of each verb. Sequence rules (which state allows which verb) live in <see cref="SmtpSession"/>.</summary>
public static class CommandTable
{
    private static readonly CommandTraits[] s_traits = Build();

    /// <summary>The flags of <paramref name="verb"/>.</summary>
    public static CommandTraits Traits(SmtpVerb verb) => (uint)verb < (uint)s_traits.Length ? s_traits[(int)verb] : CommandTraits.CountsAsJunk | CommandTraits.EndsPipelineGroup;

    /// <summary>True when <paramref name="verb"/> has <paramref name="trait"/>.</summary>
    public static bool Has(SmtpVerb verb, CommandTraits trait) => (Traits(verb) & trait) != 0;

    private static CommandTraits[] Build()
    {
        const CommandTraits pre = CommandTraits.PreTls, junk = CommandTraits.CountsAsJunk, last = CommandTraits.EndsPipelineGroup;
        var table = new CommandTraits[(int)SmtpVerb.Auth + 1];
        table[(int)SmtpVerb.Unknown] = junk | last;
        table[(int)SmtpVerb.Helo] = pre | last;
        table[(int)SmtpVerb.Ehlo] = pre | last;
        table[(int)SmtpVerb.Mail] = CommandTraits.None;
        table[(int)SmtpVerb.Rcpt] = CommandTraits.None;
        table[(int)SmtpVerb.Data] = last;
        table[(int)SmtpVerb.Bdat] = CommandTraits.None;
        table[(int)SmtpVerb.Rset] = pre | junk;
        table[(int)SmtpVerb.Noop] = pre | junk | last;
        table[(int)SmtpVerb.Quit] = pre | last;
        table[(int)SmtpVerb.Vrfy] = junk | last;
        table[(int)SmtpVerb.Expn] = junk | last;
        table[(int)SmtpVerb.Help] = pre | junk;
        table[(int)SmtpVerb.StartTls] = pre | last;
        table[(int)SmtpVerb.Auth] = last;
        return table;
    }
}
