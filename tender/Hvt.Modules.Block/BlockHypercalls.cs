using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>BLOCK_WRITE (4) and BLOCK_READ (5): the tender's range and handle checks, then one
/// pwrite/pread (docs/hvt-abi.md §4.4). Alignment and size-vs-block-size are the guest's business.</summary>
internal sealed class BlockHypercalls(GuestMemory memory, IReadOnlyDictionary<int, BlockDevice> devicesByIndex)
{
    public const int Write = 4, Read = 5;

    public void Register(ModuleSetupContext ctx)
    {
        ctx.RegisterHypercall(Write, gpa => Transfer(gpa, isWrite: true));
        ctx.RegisterHypercall(Read, gpa => Transfer(gpa, isWrite: false));
    }

    private void Transfer(ulong gpa, bool isWrite)
    {
        var request = BlockRequest.Read(memory.ReadOnlySlice(gpa, BlockRequest.Size));
        var result = Validate(request, out var device) ? Perform(device!, request, isWrite) : Solo5Result.Invalid;
        BlockRequest.WriteResult(memory.Slice(gpa, BlockRequest.Size), result);
    }

    private bool Validate(BlockRequest r, out BlockDevice? device)
    {
        device = null;
        if (!devicesByIndex.TryGetValue((int)(uint)r.Handle, out device)) return false;
        if (r.Length > long.MaxValue) return false;
        if (r.Offset >= device.Capacity) return false;
        ulong end = r.Offset + r.Length;
        return end >= r.Offset && end <= device.Capacity;
    }

    private Solo5Result Perform(BlockDevice device, BlockRequest r, bool isWrite)
    {
        long done = isWrite
            ? Libc.TryPwrite(device.Fd, memory.ReadOnlySlice(r.Data, r.Length), (long)r.Offset)
            : Libc.TryPread(device.Fd, memory.Slice(r.Data, r.Length), (long)r.Offset);
        string verb = isWrite ? "writing" : "reading";
        if (done < 0) throw new TenderException($"Fatal error when {verb}: {Libc.StrError((int)-done)}");
        if ((ulong)done != r.Length)
            throw new TenderException($"Fatal error: {(isWrite ? "wrote" : "read")} only {done} out of {r.Length} bytes");
        return Solo5Result.Ok;
    }
}
