using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>What Guest.Runtime supports, and how unsupported or failing code ends a guest.</summary>
public sealed class RuntimeFeatureTests
{
    [KvmFact]
    public void Supported_language_features_work()
    {
        var r = GuestImages.Run("features", guestArgs: ["--solo5:quiet"]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().NotContain("FAIL ").And.Contain("SUCCESS");
        foreach (var check in new[] { "virtual calls", "interface cast", "generic class", "delegates and closures", "boxing",
                     "span", "strings", "static constructor", "arena", "buffer pool", "heap", "block copy", "overlapping copies", "fill", "allocation-free loop",
                     "line writer", "small copies" })
            r.Stdout.Should().Contain("ok   " + check);
    }

    [KvmTheory]
    [InlineData("throw", "Solo5: ABORT: unhandled InvalidOperationException: thrown on purpose")]
    [InlineData("bounds", "Solo5: ABORT: unhandled IndexOutOfRangeException: Index was outside the bounds of the array.")]
    [InlineData("cast", "Solo5: ABORT: unhandled InvalidCastException: Specified cast is not valid.")]
    [InlineData("oom", "Solo5: ABORT: out of memory: heap exhausted by a request of 1048600 bytes")]
    [InlineData("failfast", "Solo5: ABORT: fail-fast on purpose")]
    [InlineData("smash", "Solo5: ABORT: Stack corruption detected")]
    [InlineData("null", "Solo5: trap: type=#PF ec=0x0")]
    public void Failures_abort_with_a_message_naming_them(string mode, string message)
    {
        var r = GuestImages.Run("features", guestArgs: ["--solo5:quiet", mode], timeout: TimeSpan.FromSeconds(120));
        r.ExitCode.Should().Be(255, r.ToString());
        r.Stdout.Should().Contain(message);
    }
}
