using FluentAssertions;
using Solo5Net.Hvt.Security;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>No privileges after set-up (docs/security.md): a running tender holds no capabilities, and
/// --user=UID:GID makes it that user and group, read from /proc/PID/status of the running tender.</summary>
public class PrivilegeDropTests
{
    private const string NoCapabilities = "0000000000000000";

    private static string[] PollingGuest(params string[] options) => [.. options, Guests.Path("hcall"), "poll-wait"];

    [KvmFact]
    public void A_running_tender_holds_no_capabilities_and_an_empty_bounding_set()
    {
        ProcFs.Status(Environment.ProcessId)["CapEff"].Should().NotBe(NoCapabilities, "the tests start the tender privileged");
        using var tender = TenderProcess.Start(PollingGuest());
        tender.WaitForLine("polling");

        var status = tender.Status();
        foreach (var set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
            status[set].Should().Be(NoCapabilities, set);
        int vcpu = tender.Threads().Single(t => tender.Status(t)["Name"] == "vcpu0");
        foreach (var set in new[] { "CapPrm", "CapEff", "CapBnd" })
            tender.Status(vcpu)[set].Should().Be(NoCapabilities, $"{set} of the vCPU thread");

        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 15\n");
    }

    [KvmFact]
    public void User_option_runs_the_guest_as_that_user_and_group_on_every_thread()
    {
        using var tender = TenderProcess.Start(PollingGuest("--user=65534:65533"));
        tender.WaitForLine("polling");

        foreach (var thread in tender.Threads())
        {
            var status = tender.Status(thread);
            status["Uid"].Should().Be("65534\t65534\t65534\t65534", $"thread {thread}");
            status["Gid"].Should().Be("65533\t65533\t65533\t65533", $"thread {thread}");
            status["Groups"].Should().BeEmpty($"thread {thread}");
            status["CapEff"].Should().Be(NoCapabilities, $"thread {thread}");
            status["CapPrm"].Should().Be(NoCapabilities, $"thread {thread}");
        }

        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 15\n");
    }

    [KvmFact]
    public void A_guest_runs_to_completion_as_another_user()
    {
        TenderProcess.Guest("hello", ["--user=65534:65534"], "a", "b").ShouldSucceedQuietly();
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1000")]
    [InlineData("1000:")]
    [InlineData(":1000")]
    [InlineData("-1:0")]
    [InlineData("+1:0")]
    [InlineData("1:2:3")]
    [InlineData("4294967295:0")]
    [InlineData("99999999999:0")]
    [InlineData("nobody:nogroup")]
    public void Malformed_users_are_one_line(string value)
    {
        var r = TenderProcess.Run($"--user={value}", Guests.Path("quiet"));
        r.ShouldFailWith($"Malformed argument to --user: '{value}' is not UID:GID (two numbers)");
        r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(r.ToString());
    }

    [Theory]
    [InlineData("0:0", 0u, 0u)]
    [InlineData("65534:65533", 65534u, 65533u)]
    [InlineData("4294967294:1", 4294967294u, 1u)]
    public void Users_parse_as_two_numbers(string value, uint uid, uint gid)
    {
        TenderUser.Parse(value).Should().Be(new TenderUser(uid, gid));
    }

    [Fact]
    public void Help_lists_the_user_option()
    {
        TenderProcess.Run("--help").Stderr.Should().Contain("--user=UID:GID");
    }
}
