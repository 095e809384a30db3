using FluentAssertions;
using Solo5Net.Tests.Tender.Support;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>The files a running tender maps: the native executable alone. It is NativeAOT, so no .NET
/// runtime or managed assembly is loaded, and static-pie (tender/StartupSettings.props), so neither a
/// dynamic loader nor a shared C library is mapped, relocated and kept resident beside it.</summary>
public sealed class MappedFilesTests
{
    [KvmFact]
    public void A_running_tender_maps_no_shared_library()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"]);
        tender.WaitForLine("spinning");

        var files = ProcFs.MappedFiles(tender.Pid);
        files.Should().Contain("hvt-tender");
        files.Should().NotContain(name => name.Contains(".so"), tender.Describe());

        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }

    [KvmFact]
    public void A_running_tender_maps_no_dotnet_runtime_and_no_managed_assembly()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "poll-wait"]);
        tender.WaitForLine("polling");

        var mapped = ProcFs.MappedFiles(tender.Pid);
        mapped.Should().Contain("hvt-tender");
        mapped.Should().NotContain(f => f.StartsWith("libcoreclr", StringComparison.Ordinal)
                                        || f.StartsWith("libhostfxr", StringComparison.Ordinal)
                                        || f.EndsWith(".dll", StringComparison.Ordinal));
        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }
}
