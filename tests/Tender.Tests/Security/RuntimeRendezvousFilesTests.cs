using FluentAssertions;
using Solo5Net.Hvt.Security;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>The names the tender removes before confinement are the ones the .NET runtime really made:
/// this test host is a .NET process with diagnostics on, so its own files must be where the names say.</summary>
public class RuntimeRendezvousFilesTests
{
    [Fact]
    public void Computed_names_are_this_processs_debugger_pipes_and_diagnostics_socket()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0") return; // the runtime made none

        var paths = RuntimeRendezvousFiles.PathsOf(Environment.ProcessId, Path.GetTempPath());

        paths.Should().HaveCount(3);
        paths.Should().OnlyContain(p => Path.Exists(p), "the runtime names them clr-debug-pipe-PID-STARTTIME-in/out and dotnet-diagnostic-PID-STARTTIME-socket");
    }

    [Fact]
    public void A_process_that_does_not_exist_has_no_names()
    {
        RuntimeRendezvousFiles.PathsOf(int.MaxValue, Path.GetTempPath()).Should().BeEmpty();
    }

    private const string Tail = "R 31472 31472 1105 0 -1 4194304 102 0 0 0 0 0 0 0 20 0 1 0 668267 3133440 415 18446744073709551615\n";

    [Theory]
    [InlineData("31476 (cat) " + Tail, 668267UL)]
    [InlineData("31476 (a) b) (c d) " + Tail, 668267UL)]                 // the name holds ") (" and spaces
    [InlineData("7 (x) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42", 42UL)]  // the field ends the text
    public void Start_time_is_field_22_counted_after_the_last_parenthesis(string line, ulong expected)
    {
        RuntimeRendezvousFiles.ParseStartTime(System.Text.Encoding.ASCII.GetBytes(line)).Should().Be(expected);
    }

    [Theory]
    [InlineData("31476 cat R 31472")]                                           // no ')'
    [InlineData("31476 (cat) R 31472 31472 1105 0 -1 4194304 102 0 0 0 0 0 0 0 20 0 1 0")]  // ends before field 22
    [InlineData("31476 (cat) R 31472 31472 1105 0 -1 4194304 102 0 0 0 0 0 0 0 20 0 1 0 x668267 1")]  // not a number
    [InlineData("31476 (cat) R 31472 31472 1105 0 -1 4194304 102 0 0 0 0 0 0 0 20 0 1 0 99999999999999999999 1")]  // over 19 digits
    public void A_malformed_stat_line_has_no_start_time(string line)
    {
        RuntimeRendezvousFiles.ParseStartTime(System.Text.Encoding.ASCII.GetBytes(line)).Should().BeNull();
    }
}
