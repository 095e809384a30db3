using System;
using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>An attached BLOCK_BASIC device. I/O is one block at a time: the offset must be a
    /// multiple of BlockSize and the buffer exactly BlockSize bytes (else Invalid); offsets past the
    /// end are refused by the tender (Invalid). Allocated once per acquire (a class, not a struct:
    /// zeroing a struct this size would take SSE instructions this KVM cannot run).</summary>
    public sealed unsafe class BlockDevice
    {
        internal BlockDevice(ulong handle, ulong capacity, ulong blockSize)
        {
            Handle = handle;
            Capacity = capacity;
            BlockSize = blockSize;
        }

        public ulong Handle { get; }
        /// <summary>Size of the device in bytes.</summary>
        public ulong Capacity { get; }
        /// <summary>Size of one block in bytes (512 unless the operator chose another).</summary>
        public ulong BlockSize { get; }

        public Solo5Result Read(ulong offset, Span<byte> buffer)
        {
            fixed (byte* p = buffer) return Transfer(HvtHypercall.BlockRead, offset, p, buffer.Length);
        }

        public Solo5Result Write(ulong offset, ReadOnlySpan<byte> data)
        {
            fixed (byte* p = data) return Transfer(HvtHypercall.BlockWrite, offset, p, data.Length);
        }

        private Solo5Result Transfer(uint hypercall, ulong offset, byte* data, int length)
        {
            if (BlockSize == 0 || !Manifest.TryGet(Handle, HvtMftType.BlockBasic, out _)) return Solo5Result.Invalid;
            if (offset % BlockSize != 0 || (ulong)length != BlockSize) return Solo5Result.Invalid;
            HvtHcBlock args;
            args.Handle = Handle;
            args.Offset = offset;
            args.Data = (ulong)data;
            args.Len = (ulong)length;
            args.Ret = 0;
            Hypercall.Invoke(hypercall, &args);
            return (Solo5Result)args.Ret;
        }
    }

    public static unsafe partial class Solo5
    {
        /// <summary>Finds the attached BLOCK_BASIC device <paramref name="name"/> of the manifest.</summary>
        public static Solo5Result BlockAcquire(string name, out BlockDevice device)
        {
            device = null;
            if (!Manifest.TryFind(name, HvtMftType.BlockBasic, out uint index, out HvtMftEntry* entry) || entry->Attached == 0)
                return Solo5Result.Invalid;
            device = new BlockDevice(index, entry->BlockBasic.Capacity, entry->BlockBasic.BlockSize);
            return Solo5Result.Ok;
        }
    }
}
