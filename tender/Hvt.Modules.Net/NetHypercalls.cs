using Solo5Net.Abi;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>NET_WRITE (6) and NET_READ (7) on the tap fds (docs/hvt-abi.md §4.4). No MTU check: the
/// tap takes or refuses the frame as it is.</summary>
internal sealed class NetHypercalls(GuestMemory memory, IReadOnlyDictionary<int, NetDevice> devicesByIndex)
{
    public void Register(ModuleSetupContext ctx)
    {
        ctx.RegisterHypercall(HvtHypercall.NetWrite, WriteFrame);
        ctx.RegisterHypercall(HvtHypercall.NetRead, ReadFrame);
    }

    private void WriteFrame(ulong gpa)
    {
        var request = memory.Read<HvtHcNet>(gpa);
        var result = Solo5Result.Invalid;
        if (devicesByIndex.TryGetValue((int)(uint)request.Handle, out var device))
        {
            var frame = memory.ReadOnlySlice(request.Data, request.Len);
            long written = Libc.TryWrite(device.Fd, frame);
            if (written < 0) throw new TenderException($"Fatal error when writing: {Libc.StrError((int)-written)}");
            if ((ulong)written != request.Len)
                throw new TenderException($"Fatal error: wrote only {written} out of {request.Len} bytes");
            result = Solo5Result.Ok;
        }
        memory.Ref<HvtHcNet>(gpa).Ret = (int)result;
    }

    private void ReadFrame(ulong gpa)
    {
        var request = memory.Read<HvtHcNet>(gpa);
        if (!devicesByIndex.TryGetValue((int)(uint)request.Handle, out var device))
        {
            memory.Ref<HvtHcNet>(gpa).Ret = (int)Solo5Result.Invalid;
            return;
        }
        long received = Libc.TryRead(device.Fd, memory.Slice(request.Data, request.Len));
        ref var arg = ref memory.Ref<HvtHcNet>(gpa);
        if (received == 0 || received == -Errno.EAGAIN)
        {
            arg.Ret = (int)Solo5Result.Again;
            return;
        }
        if (received < 0) throw new TenderException($"Fatal error when reading: {Libc.StrError((int)-received)}");
        arg.Len = (ulong)received;
        arg.Ret = (int)Solo5Result.Ok;
    }
}
