using FluentAssertions;
using Solo5Net.Tests.Tender.Support;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>The files a running tender maps: the native tender is static-pie (tender/StartupSettings.props),
/// so neither a dynamic loader nor a shared C library is mapped, relocated and kept resident beside it.</summary>
public sealed class MappedFilesTests
{
    [KvmFact]
    public void A_running_tender_maps_no_shared_library()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"]);
        tender.WaitForLine("spinning");

        var files = File.ReadAllLines($"/proc/{tender.Pid}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => Path.GetFileName(fields[5].Trim())).Distinct().ToList();
        files.Should().Contain("hvt-tender");
        files.Should().NotContain(name => name.Contains(".so"), tender.Describe());

        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }
}
