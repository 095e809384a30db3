using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>NET_WRITE (6) and NET_READ (7) on the tap fds (docs/hvt-abi.md §4.4). No MTU check: the
/// tap takes or refuses the frame as it is.</summary>
internal sealed class NetHypercalls(GuestMemory memory, IReadOnlyDictionary<int, NetDevice> devicesByIndex)
{
    public const int Write = 6, Read = 7;

    public void Register(ModuleSetupContext ctx)
    {
        ctx.RegisterHypercall(Write, WriteFrame);
        ctx.RegisterHypercall(Read, ReadFrame);
    }

    private void WriteFrame(ulong gpa)
    {
        var request = NetRequest.Read(memory.ReadOnlySlice(gpa, NetRequest.Size));
        var result = Solo5Result.Invalid;
        if (devicesByIndex.TryGetValue((int)(uint)request.Handle, out var device))
        {
            var frame = memory.ReadOnlySlice(request.Data, request.Length);
            long written = Libc.TryWrite(device.Fd, frame);
            if (written < 0) throw new TenderException($"Fatal error when writing: {Libc.StrError((int)-written)}");
            if ((ulong)written != request.Length)
                throw new TenderException($"Fatal error: wrote only {written} out of {request.Length} bytes");
            result = Solo5Result.Ok;
        }
        NetRequest.WriteResult(memory.Slice(gpa, NetRequest.Size), result);
    }

    private void ReadFrame(ulong gpa)
    {
        var request = NetRequest.Read(memory.ReadOnlySlice(gpa, NetRequest.Size));
        if (!devicesByIndex.TryGetValue((int)(uint)request.Handle, out var device))
        {
            NetRequest.WriteResult(memory.Slice(gpa, NetRequest.Size), Solo5Result.Invalid);
            return;
        }
        long received = Libc.TryRead(device.Fd, memory.Slice(request.Data, request.Length));
        var arg = memory.Slice(gpa, NetRequest.Size);
        if (received == 0 || received == -Errno.EAGAIN)
        {
            NetRequest.WriteResult(arg, Solo5Result.Again);
            return;
        }
        if (received < 0) throw new TenderException($"Fatal error when reading: {Libc.StrError((int)-received)}");
        NetRequest.WriteLength(arg, (ulong)received);
        NetRequest.WriteResult(arg, Solo5Result.Ok);
    }
}
