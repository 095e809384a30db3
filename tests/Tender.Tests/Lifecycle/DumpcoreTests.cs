using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>--dumpcore=DIR writes an ELF core of guest memory when the guest exits with 255 (docs/hvt-abi.md §8.5).</summary>
public class DumpcoreTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [KvmFact]
    public void An_abort_status_writes_a_core_of_guest_memory()
    {
        var r = TenderProcess.Guest("hcall", ["--mem=16", $"--dumpcore={_dir.Path}"], "halt", "255");
        r.ExitCode.Should().Be(255, r.ToString());
        r.ShouldHaveNoTrace();
        var core = Directory.GetFiles(_dir.Path, "core.solo5-hvt.*").Should().ContainSingle().Subject;
        r.Stderr.Should().Contain($"dumpcore: dumping guest core to: {core}");

        var bytes = File.ReadAllBytes(core);
        bytes[..4].Should().Equal(0x7F, (byte)'E', (byte)'L', (byte)'F');
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16)).Should().Be(4, "ET_CORE");
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(18)).Should().Be(62, "EM_X86_64");
        var patch = new ElfPatch(bytes);
        patch.PhNum.Should().Be(2);
        patch.Ph(0).Type.Should().Be(ElfPatch.PT_NOTE);
        patch.Ph(1).Type.Should().Be(ElfPatch.PT_LOAD);
        patch.Ph(1).VAddr.Should().Be(0);
        patch.Ph(1).MemSize.Should().Be(16UL << 20, "the whole guest-visible memory");
    }

    /// <summary>The core file is made unnamed during set-up (a confined tender creates no files by
    /// name, docs/security.md) and named only when written: no abort, nothing in DIR.</summary>
    [KvmFact]
    public void Other_exit_statuses_leave_no_core_file()
    {
        var r = TenderProcess.Guest("hcall", [$"--dumpcore={_dir.Path}"], "halt", "1");
        r.ShouldExitWith(1);
        r.Stderr.Should().BeEmpty();
        Directory.GetFileSystemEntries(_dir.Path).Should().BeEmpty();
    }

    [KvmFact]
    public void A_dump_directory_that_does_not_exist_is_refused()
    {
        TenderProcess.Guest("quiet", [$"--dumpcore={_dir.File("missing")}"]).ShouldFailWith("dumpcore: cannot open dir");
    }
}
