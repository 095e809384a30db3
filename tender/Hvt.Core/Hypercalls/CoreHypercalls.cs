using System.Buffers.Binary;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>The always-registered hypercalls WALLTIME, PUTS and POLL (docs/hvt-abi.md §4.3–4.4).</summary>
public sealed class CoreHypercalls
{
    private readonly GuestMemory _memory;
    private readonly PollSet _poll;

    public CoreHypercalls(GuestMemory memory, PollSet poll)
    {
        _memory = memory;
        _poll = poll;
    }

    public void Register(HypercallTable table)
    {
        table.Register(Hypercall.Walltime, Walltime);
        table.Register(Hypercall.Puts, Puts);
        table.Register(Hypercall.Poll, Poll);
    }

    private void Walltime(ulong gpa)
    {
        var arg = _memory.Slice(gpa, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(arg, Timerfd.NowNanoseconds(Timerfd.CLOCK_REALTIME));
    }

    private void Puts(ulong gpa)
    {
        var arg = _memory.ReadOnlySlice(gpa, 16);
        ulong data = BinaryPrimitives.ReadUInt64LittleEndian(arg);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(arg[8..]);
        var text = _memory.ReadOnlySlice(data, length);
        long written = Libc.TryWrite(1, text);
        if (written < 0)
            throw new TenderException($"PUTS: write to standard output failed: {Libc.StrError((int)-written)}");
    }

    private void Poll(ulong gpa)
    {
        var arg = _memory.Slice(gpa, 24);
        ulong timeout = BinaryPrimitives.ReadUInt64LittleEndian(arg);
        var (ready, count) = _poll.Wait(timeout);
        arg = _memory.Slice(gpa, 24);
        BinaryPrimitives.WriteUInt64LittleEndian(arg[8..], ready);
        BinaryPrimitives.WriteInt32LittleEndian(arg[16..], count);
    }
}
