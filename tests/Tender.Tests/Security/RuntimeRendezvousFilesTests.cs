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
}
