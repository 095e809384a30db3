using Solo5Net.Abi;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>BLOCK_WRITE (4) and BLOCK_READ (5): the tender's range and handle checks, then one
/// pwrite/pread (docs/hvt-abi.md §4.4). Alignment and size-vs-block-size are the guest's business.</summary>
internal sealed class BlockHypercalls(GuestMemory memory, IReadOnlyDictionary<int, BlockDevice> devicesByIndex)
{
    /// <param name="register">the setup context's RegisterHypercall (or a fuzz target's table).</param>
    public void Register(Action<int, HypercallHandler> register)
    {
        register(HvtHypercall.BlockWrite, gpa => Transfer(gpa, isWrite: true));
        register(HvtHypercall.BlockRead, gpa => Transfer(gpa, isWrite: false));
    }

    private void Transfer(ulong gpa, bool isWrite)
    {
        var request = memory.Read<HvtHcBlock>(gpa);
        var result = Validate(request, out var device) ? Perform(device!, request, isWrite) : Solo5Result.Invalid;
        memory.Ref<HvtHcBlock>(gpa).Ret = (int)result;
    }

    private bool Validate(in HvtHcBlock r, out BlockDevice? device)
    {
        device = null;
        if (!devicesByIndex.TryGetValue((int)(uint)r.Handle, out device)) return false;
        if (r.Len > long.MaxValue) return false;
        if (r.Offset >= device.Capacity) return false;
        ulong end = r.Offset + r.Len;
        return end >= r.Offset && end <= device.Capacity;
    }

    private Solo5Result Perform(BlockDevice device, in HvtHcBlock r, bool isWrite)
    {
        long done = isWrite
            ? Libc.TryPwrite(device.Fd, memory.ReadOnlySlice(r.Data, r.Len), (long)r.Offset)
            : Libc.TryPread(device.Fd, memory.Slice(r.Data, r.Len), (long)r.Offset);
        string verb = isWrite ? "writing" : "reading";
        if (done < 0) throw new TenderException($"Fatal error when {verb}: {Libc.StrError((int)-done)}");
        if ((ulong)done != r.Len)
            throw new TenderException($"Fatal error: {(isWrite ? "wrote" : "read")} only {done} out of {r.Len} bytes");
        return Solo5Result.Ok;
    }
}
