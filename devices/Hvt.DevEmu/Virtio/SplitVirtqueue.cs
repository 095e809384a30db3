using System.Buffers.Binary;
using Solo5Net.DevEmu.Dma;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// The device's side of one split virtqueue (docs/virtio-net.md §4): the addresses and size the
/// driver configured, the next avail entry to take and the next used entry to fill. Every ring,
/// table and descriptor access goes through the client's <see cref="DmaSpace"/>; whatever the
/// driver wrote, a take either yields one well-formed chain, nothing, or a
/// <see cref="VirtqueueFault"/>, and it never loops beyond the queue size. A queue the device
/// looks at by itself (<see cref="NeedsNoNotifications"/>) tells the driver so in the used ring's
/// flags when it is enabled, and the driver then rings no doorbell for it.
/// </summary>
public sealed class SplitVirtqueue(DmaSpace dma, ushort maxSize)
{
    public ushort MaxSize { get; } = maxSize;
    public ushort Size { get; set; } = maxSize;
    public ulong DescriptorTable { get; set; }
    public ulong DriverArea { get; set; }
    public ulong DeviceArea { get; set; }
    public bool Enabled { get; private set; }

    /// <summary>The device reads this queue's avail ring whenever it needs a buffer, so a doorbell
    /// would tell it nothing: enabling the queue sets VIRTQ_USED_F_NO_NOTIFY (docs/virtio-net.md §4).</summary>
    public bool NeedsNoNotifications { get; init; }
    public ushort NextAvail { get; private set; }
    public ushort NextUsed { get; private set; }

    /// <summary>Checks the configuration and starts the queue; a fault if it cannot work.</summary>
    public VirtqueueFault Enable()
    {
        if (Size == 0 || Size > MaxSize || (Size & (Size - 1)) != 0
            || DescriptorTable % VirtqLayout.DescriptorAlignment != 0 || DriverArea % VirtqLayout.AvailAlignment != 0
            || DeviceArea % VirtqLayout.UsedAlignment != 0)
            return VirtqueueFault.BadQueueConfiguration;
        if (NeedsNoNotifications)
        {
            Span<byte> flags = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(flags, VirtqLayout.UsedNoNotify);
            if (!dma.TryWrite(DeviceArea + VirtqLayout.FlagsOffset, flags)) return VirtqueueFault.OutsideDmaWindow;
        }
        Enabled = true;
        return VirtqueueFault.None;
    }

    public void Reset()
    {
        Size = MaxSize;
        DescriptorTable = DriverArea = DeviceArea = 0;
        Enabled = false;
        NextAvail = NextUsed = 0;
    }

    /// <summary>Takes the next available chain into <paramref name="chain"/>. Returns
    /// <see cref="VirtqueueFault.None"/> with <paramref name="taken"/> false when the driver made
    /// nothing available.</summary>
    public VirtqueueFault TryTake(DescriptorChain chain, out bool taken)
    {
        taken = false;
        if (!Enabled) return VirtqueueFault.None;
        Span<byte> word = stackalloc byte[2];
        if (!dma.TryRead(DriverArea + VirtqLayout.IndexOffset, word)) return VirtqueueFault.OutsideDmaWindow;
        ushort availIndex = BinaryPrimitives.ReadUInt16LittleEndian(word);
        ushort pending = (ushort)(availIndex - NextAvail);
        if (pending == 0) return VirtqueueFault.None;
        if (pending > Size) return VirtqueueFault.AvailIndexTooFar;
        if (!dma.TryRead(VirtqLayout.AvailEntry(DriverArea, NextAvail % Size), word)) return VirtqueueFault.OutsideDmaWindow;
        ushort head = BinaryPrimitives.ReadUInt16LittleEndian(word);
        var fault = Walk(head, chain);
        if (fault != VirtqueueFault.None) return fault;
        NextAvail++;
        taken = true;
        return VirtqueueFault.None;
    }

    /// <summary>Returns chain <paramref name="head"/> to the driver with <paramref name="written"/>
    /// bytes written into it: the used entry first, then the used index.</summary>
    public VirtqueueFault Put(ushort head, uint written)
    {
        Span<byte> entry = stackalloc byte[VirtqLayout.UsedEntrySize];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, head);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], written);
        if (!dma.TryWrite(VirtqLayout.UsedEntry(DeviceArea, NextUsed % Size), entry)) return VirtqueueFault.OutsideDmaWindow;
        Span<byte> index = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(index, (ushort)(NextUsed + 1));
        if (!dma.TryWrite(DeviceArea + VirtqLayout.IndexOffset, index)) return VirtqueueFault.OutsideDmaWindow;
        NextUsed++;
        return VirtqueueFault.None;
    }

    /// <summary>The driver asked for no interrupt for this queue (avail flags bit 0); a fault if unreadable.</summary>
    public VirtqueueFault InterruptSuppressed(out bool suppressed)
    {
        suppressed = false;
        Span<byte> word = stackalloc byte[2];
        if (!dma.TryRead(DriverArea + VirtqLayout.FlagsOffset, word)) return VirtqueueFault.OutsideDmaWindow;
        suppressed = (BinaryPrimitives.ReadUInt16LittleEndian(word) & VirtqLayout.AvailNoInterrupt) != 0;
        return VirtqueueFault.None;
    }

    private VirtqueueFault Walk(ushort head, DescriptorChain chain)
    {
        if (head >= Size) return VirtqueueFault.IndexOutOfRange;
        chain.Start(head);
        Span<byte> bytes = stackalloc byte[VirtqDescriptor.Size];
        ushort index = head;
        for (int count = 0; ; count++)
        {
            // A chain can hold each descriptor once: more than Size of them is a loop.
            if (count == Size) return VirtqueueFault.ChainTooLong;
            if (!dma.TryRead(DescriptorTable + (ulong)index * VirtqDescriptor.Size, bytes)) return VirtqueueFault.OutsideDmaWindow;
            var descriptor = VirtqDescriptor.Decode(bytes);
            if (descriptor.IsIndirect) return VirtqueueFault.IndirectNotNegotiated;
            if (!descriptor.IsDeviceWritable && chain.HasWritable) return VirtqueueFault.WrongDirection;
            chain.Add(descriptor);
            if (chain.ReadableBytes + chain.WritableBytes > uint.MaxValue) return VirtqueueFault.ChainTooLarge;
            if (!descriptor.HasNext) return VirtqueueFault.None;
            if (descriptor.Next >= Size) return VirtqueueFault.IndexOutOfRange;
            index = descriptor.Next;
        }
    }
}
