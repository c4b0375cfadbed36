using Edge.Protocol;

namespace Edge.Protocol.Tests;

public class SmtpLimitsTests
{
    [Fact]
    public void CommandLineLimits_DefaultWithinMaximum()
    {
        Assert.True(SmtpLimits.DefaultCommandLineLength <= SmtpLimits.MaxCommandLineLength);
    }
}
