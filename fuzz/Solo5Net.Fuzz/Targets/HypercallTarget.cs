using System.Buffers.Binary;
using Solo5Net.Abi;
using Solo5Net.Fuzz.Support;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Block;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Interop;

namespace Solo5Net.Fuzz.Targets;

/// <summary>
/// The tender's hypercall handlers on guest memory laid out as after a boot, without KVM: the real
/// <see cref="HypercallTable"/> with <see cref="CoreHypercalls"/> (WALLTIME, PUTS, POLL), the block
/// hypercalls on a 64 KiB backing file (handle 1), the PCI configuration hypercalls on the edu
/// model's configuration space (handle 2), and HALT as the run loop decodes it. Guest memory is
/// 2 MiB, its top 64 KiB withheld from the guest (a ring carve-out) and [<see cref="TextStart"/>,
/// +8 KiB) mapped read-only (text).
/// <para>The input is a sequence of calls, each <c>u8 number, u32 gpa, u8 n, n bytes</c>: the bytes
/// are stored at gpa (where the host may write them), then hypercall <c>number &amp; 15</c> is made with
/// the argument at gpa, as the vCPU thread would on an OUT to its port; a HALT ends the sequence.
/// A POLL timeout is cut to under 1 µs. The guest's errors end its run with a <see cref="TenderException"/> (the next call
/// starts afresh, as the next run would); any other exception is a finding.</para>
/// </summary>
public sealed class HypercallTarget : IFuzzTarget, IDisposable
{
    public const ulong MemorySize = 2UL << 20, Reserved = 64UL << 10, TextStart = 0x100000, TextSize = 0x2000;
    private const long BlockCapacity = 64 << 10;
    public const int BlockHandle = 1, PciHandle = 2;

    private readonly GuestMemory _memory = new(MemorySize);
    private readonly PollSet _poll = new();
    private readonly HypercallTable _table = new();
    private readonly FileInfo _blockFile = new(Path.Combine(Path.GetTempPath(), $"solo5net-fuzz-{Environment.ProcessId}.img"));
    private readonly BlockDevice _block;
    private readonly EduConfigDevice _pci = new();

    public HypercallTarget()
    {
        _memory.SetGuestVisibleSize(MemorySize - Reserved);
        "hello from .rodata\n"u8.CopyTo(_memory.HostSlice(TextStart, TextSize));
        _memory.Protect(TextStart, TextSize, readable: true, writable: false);

        using (var file = _blockFile.Create()) file.SetLength(BlockCapacity);
        _block = BlockDevice.Open("storage", BlockHandle, _blockFile.FullName);
        _blockFile.Delete();   // the descriptor keeps it; nothing is left behind when afl++ kills the process

        new CoreHypercalls(_memory, _poll).Register(_table);
        new BlockHypercalls(_memory, new Dictionary<int, BlockDevice> { [BlockHandle] = _block }).Register(_table.Register);
        var attached = new AttachedPciDevice("edu", PciHandle, _pci, PciIdentity.Read(_pci), dmaSize: 0);
        attached.Bars[0] = new PciBarInfo(0x1_0000_0000, 1 << 20, HvtPciBarFlags.Present);
        var config = new PciConfigHypercalls(_memory, new PciConfigAccess(new Dictionary<int, AttachedPciDevice> { [PciHandle] = attached }));
        _table.Register(HvtHypercall.PciConfigRead, config.Read);
        _table.Register(HvtHypercall.PciConfigWrite, config.Write);
    }

    public string Name => "hypercall";
    public IReadOnlyList<string> AssembliesUnderTest => ["Hvt.Core", "Hvt.Modules.Block", "Hvt.Modules.Pci"];

    public void Run(byte[] input)
    {
        Reset();
        var rest = input.AsSpan();
        while (rest.Length >= 6)
        {
            int number = rest[0] & 0x0F;
            ulong gpa = BinaryPrimitives.ReadUInt32LittleEndian(rest[1..]);
            var argument = rest.Slice(6, Math.Min(rest[5], rest.Length - 6));
            rest = rest[(6 + argument.Length)..];
            Store(gpa, argument);
            if (number == HvtHypercall.Poll) ShortenPoll(gpa);
            try
            {
                if (number == HvtHypercall.Halt)
                {
                    RunLoop.Halt(_memory, gpa);
                    return;   // the guest's run is over
                }
                _table.Dispatch(number, gpa);
            }
            catch (TenderException) { }
        }
    }

    private void Reset()
    {
        _memory.HostSlice(0, TextStart).Clear();
        _memory.HostSlice(TextStart + TextSize, MemorySize - TextStart - TextSize).Clear();
        Libc.Ftruncate(_block.Fd, 0);
        Libc.Ftruncate(_block.Fd, BlockCapacity);
        _pci.Reset();
    }

    private void Store(ulong gpa, ReadOnlySpan<byte> bytes)
    {
        ulong end = gpa + (ulong)bytes.Length;
        if (end > MemorySize || (gpa < TextStart + TextSize && end > TextStart)) return;
        bytes.CopyTo(_memory.HostSlice(gpa, (ulong)bytes.Length));
    }

    private void ShortenPoll(ulong gpa)
    {
        if (!_memory.IsValid(gpa, HvtHcPoll.Size) || gpa + HvtHcPoll.Size > TextStart && gpa < TextStart + TextSize) return;
        ref var poll = ref _memory.Ref<HvtHcPoll>(gpa);
        poll.TimeoutNsecs %= 1000;
    }

    public void Dispose()
    {
        _block.FlushAndClose();
        _pci.Dispose();
        _poll.Dispose();
        _memory.Dispose();
    }
}
