using Solo5Net.Abi;
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
        table.Register(HvtHypercall.Walltime, Walltime);
        table.Register(HvtHypercall.Puts, Puts);
        table.Register(HvtHypercall.Poll, Poll);
    }

    private void Walltime(ulong gpa)
    {
        _memory.Write(gpa, new HvtHcWalltime { Nsecs = Timerfd.NowNanoseconds(Timerfd.CLOCK_REALTIME) });
    }

    private void Puts(ulong gpa)
    {
        var arg = _memory.Read<HvtHcPuts>(gpa);
        var text = _memory.ReadOnlySlice(arg.Data, arg.Len);
        long written = Libc.TryWrite(1, text);
        if (written < 0)
            throw new TenderException($"PUTS: write to standard output failed: {Libc.StrError((int)-written)}");
    }

    private void Poll(ulong gpa)
    {
        ref var arg = ref _memory.Ref<HvtHcPoll>(gpa);
        (arg.ReadySet, arg.Ret) = _poll.Wait(arg.TimeoutNsecs);
    }
}
