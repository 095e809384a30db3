using Solo5Net.Abi;
using System.Threading;

namespace Solo5Net.Guest
{
    /// <summary>
    /// An attached PCI_BASIC device (docs/abi.md): identity, BAR accessors, configuration space via
    /// hypercalls 9/10, and its DMA window. When the device raises its interrupt, bit
    /// <see cref="Handle"/> appears in <see cref="Solo5.Yield"/>'s ready set; the driver then reads the
    /// device's own cause register, or with MSI-X (<see cref="MsixEnable"/>) the vectors that fired
    /// (<see cref="TakeFiredVectors"/>).
    /// </summary>
    public sealed unsafe class PciDevice
    {
        private readonly HvtPciInfo* _info;

        internal PciDevice(ulong handle, HvtPciInfo* info)
        {
            Handle = handle;
            _info = info;
            Dma = new DmaRegion(info->DmaBase, info->DmaSize);
        }

        public ulong Handle { get; }

        /// <summary>The bit of this device in a Yield ready set.</summary>
        public ulong ReadyMask => 1UL << (int)Handle;

        public ushort VendorId => _info->VendorId;
        public ushort DeviceId => _info->DeviceId;
        public ushort SubsystemVendorId => _info->SubsystemVendorId;
        public ushort SubsystemId => _info->SubsystemId;
        public byte Revision => _info->Revision;
        public byte ClassCode => _info->ClassCode;
        public byte Subclass => _info->Subclass;
        public byte ProgIf => _info->ProgIf;
        public byte Bus => _info->Bus;
        public byte Device => (byte)(_info->Devfn >> 3);
        public byte Function => (byte)(_info->Devfn & 7);

        /// <summary>The tender wired the device's interrupt to Yield.</summary>
        public bool HasInterrupt => (_info->Flags & (uint)HvtPciInfoFlags.Irq) != 0;

        /// <summary>DMA memory for this device (Size 0 if none was configured).</summary>
        public DmaRegion Dma { get; }

        /// <summary>Memory BAR <paramref name="index"/> (0–5); an empty region (Size 0) if the BAR is
        /// absent, an I/O BAR, or not mapped into the guest.</summary>
        public MmioRegion Bar(int index)
        {
            if (index < 0 || index >= HvtPciInfo.BarCount) return default;
            HvtPciBar* bar = (HvtPciBar*)_info->Bars + index;
            if ((bar->Flags & (uint)HvtPciBarFlags.Present) == 0 || (bar->Flags & (uint)HvtPciBarFlags.Io) != 0 || bar->Length == 0)
                return default;
            return new MmioRegion(bar->Base, bar->Length);
        }

        /// <summary>The tender's description of BAR <paramref name="index"/> (0–5): base, size and
        /// flags; all zero for an index out of range.</summary>
        public PciBarInfo BarInfo(int index)
        {
            if (index < 0 || index >= HvtPciInfo.BarCount) return default;
            HvtPciBar* bar = (HvtPciBar*)_info->Bars + index;
            return new PciBarInfo(bar->Base, bar->Length, bar->Flags);
        }

        /// <summary>I/O BAR <paramref name="index"/>; an empty region if it is not an I/O BAR.</summary>
        public IoPortRegion IoBar(int index)
        {
            if (index < 0 || index >= HvtPciInfo.BarCount) return default;
            HvtPciBar* bar = (HvtPciBar*)_info->Bars + index;
            if ((bar->Flags & ((uint)HvtPciBarFlags.Present | (uint)HvtPciBarFlags.Io)) != ((uint)HvtPciBarFlags.Present | (uint)HvtPciBarFlags.Io)
                || bar->Length == 0 || bar->Length > 0x10000 || bar->Base + bar->Length > 0x10000)
                return default;
            return new IoPortRegion((ushort)bar->Base, (ushort)bar->Length);
        }

        public Solo5Result ConfigRead8(uint offset, out byte value)
        {
            Solo5Result r = ConfigRead(offset, 1, out uint v);
            value = (byte)v;
            return r;
        }

        public Solo5Result ConfigRead16(uint offset, out ushort value)
        {
            Solo5Result r = ConfigRead(offset, 2, out uint v);
            value = (ushort)v;
            return r;
        }

        public Solo5Result ConfigRead32(uint offset, out uint value) => ConfigRead(offset, 4, out value);

        public Solo5Result ConfigWrite8(uint offset, byte value) => ConfigWrite(offset, 1, value);

        public Solo5Result ConfigWrite16(uint offset, ushort value) => ConfigWrite(offset, 2, value);

        public Solo5Result ConfigWrite32(uint offset, uint value) => ConfigWrite(offset, 4, value);

        /// <summary>
        /// Finds capability <paramref name="capabilityId"/> (e.g. 0x05 MSI, 0x11 MSI-X) in the standard
        /// capability list; <paramref name="offset"/> is its offset in configuration space. False if the
        /// device has no capability list, the capability is absent, or the list is malformed.
        /// </summary>
        public bool TryFindCapability(byte capabilityId, out uint offset)
        {
            offset = 0;
            if (ConfigRead16(0x06, out ushort status) != Solo5Result.Ok || (status & 0x10) == 0) return false;
            if (ConfigRead8(0x34, out byte next) != Solo5Result.Ok) return false;
            // 48 capabilities fill the 192 bytes after the header: a longer walk is a looping list.
            for (int i = 0; i < 48 && next >= 0x40; i++)
            {
                uint at = (uint)(next & 0xFC);
                if (ConfigRead8(at, out byte id) != Solo5Result.Ok || ConfigRead8(at + 1, out next) != Solo5Result.Ok) return false;
                if (id == capabilityId)
                {
                    offset = at;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Sets bus mastering (and memory space) in the command register so the device may DMA.</summary>
        public Solo5Result EnableBusMastering()
        {
            Solo5Result r = ConfigRead16(0x04, out ushort command);
            if (r != Solo5Result.Ok) return r;
            return ConfigWrite16(0x04, (ushort)(command | 0x0006));
        }

        // MSI-X (docs/abi.md §7). The tender owns the table: the vector number is the table index,
        // address and data are not used, only the mask bit matters.
        private const byte MsixCapabilityId = 0x11;
        private const ushort MsixEnableBit = 0x8000, MsixFunctionMaskBit = 0x4000, MsixTableSizeMask = 0x07FF;
        private const uint MsixEntrySize = 16, MsixVectorControl = 12, MsixMessageAddress = 0xFEE00000;

        /// <summary>The tender serves this device's MSI-X: <see cref="MsixEnable"/> and
        /// <see cref="TakeFiredVectors"/> work (host feature bit 2, PCI_INFO_MSIX, an irq_status page).</summary>
        public bool HasMsix => (BootInfo.HostFeatures & (uint)HvtFeatures.PciMsix) != 0
            && (_info->Flags & (uint)HvtPciInfoFlags.Msix) != 0 && _info->IrqStatus != 0;

        /// <summary>How many MSI-X vectors the tender serves for this device (0 without MSI-X).</summary>
        public int MsixVectorCount
        {
            get
            {
                if (!HasMsix || !TryFindCapability(MsixCapabilityId, out uint cap)) return 0;
                if (ConfigRead16(cap + 2, out ushort control) != Solo5Result.Ok) return 0;
                return (control & MsixTableSizeMask) + 1;
            }
        }

        /// <summary>
        /// Turns MSI-X on with vectors 0 to <paramref name="vectors"/> − 1 unmasked and the rest masked;
        /// from then on the device interrupts through MSI-X only (not MSI, not INTx). Invalid if the tender
        /// does not serve this device's MSI-X or <paramref name="vectors"/> is not 1..<see cref="MsixVectorCount"/>.
        /// </summary>
        public Solo5Result MsixEnable(int vectors)
        {
            int count = MsixVectorCount;
            if (count == 0 || vectors < 1 || vectors > count || !TryFindCapability(MsixCapabilityId, out uint cap)) return Solo5Result.Invalid;
            if (!TryMsixTable(cap, out MmioRegion table)) return Solo5Result.Invalid;
            // Function mask while the table changes, then enable without it.
            Solo5Result r = ConfigWrite16(cap + 2, MsixEnableBit | MsixFunctionMaskBit);
            if (r != Solo5Result.Ok) return r;
            for (int v = 0; v < count; v++)
            {
                ulong entry = (ulong)v * MsixEntrySize;
                table.Write32(entry, MsixMessageAddress);
                table.Write32(entry + 4, 0);
                table.Write32(entry + 8, (uint)v);
                table.Write32(entry + MsixVectorControl, v < vectors ? 0u : 1u);
            }
            return ConfigWrite16(cap + 2, MsixEnableBit);
        }

        /// <summary>Turns MSI-X off (pending vectors are dropped); the device's MSI or INTx applies again.</summary>
        public Solo5Result MsixDisable()
        {
            if (!HasMsix || !TryFindCapability(MsixCapabilityId, out uint cap)) return Solo5Result.Invalid;
            return ConfigWrite16(cap + 2, 0);
        }

        /// <summary>Masks vector <paramref name="vector"/>: while masked it is held pending, not reported.</summary>
        public Solo5Result MsixMask(int vector) => MsixSetMask(vector, true);

        /// <summary>Unmasks vector <paramref name="vector"/>; one that fired while masked is reported at the next Yield.</summary>
        public Solo5Result MsixUnmask(int vector) => MsixSetMask(vector, false);

        /// <summary>
        /// The MSI-X vectors that fired since the last call, vector v as bit v − 64 × <paramref name="word"/>
        /// (word 0: vectors 0–63, the tender's maximum), and clears them. Call it after
        /// <see cref="Solo5.Yield"/> reports <see cref="ReadyMask"/>; 0 without MSI-X.
        /// </summary>
        public ulong TakeFiredVectors(int word = 0)
        {
            if (!HasMsix || word < 0 || word >= HvtPciIrqStatus.FiredWords) return 0;
            // The tender writes this page only while the guest is inside POLL (docs/abi.md §7).
            ulong* fired = (ulong*)_info->IrqStatus + word;
            ulong bits = Volatile.Read(ref *fired);
            if (bits != 0) Volatile.Write(ref *fired, 0UL);
            return bits;
        }

        private Solo5Result MsixSetMask(int vector, bool masked)
        {
            if (vector < 0 || vector >= MsixVectorCount || !TryFindCapability(MsixCapabilityId, out uint cap)
                || !TryMsixTable(cap, out MmioRegion table))
                return Solo5Result.Invalid;
            table.Write32((ulong)vector * MsixEntrySize + MsixVectorControl, masked ? 1u : 0u);
            return Solo5Result.Ok;
        }

        /// <summary>The table as an MMIO region: its BAR's window from the table offset on.</summary>
        private bool TryMsixTable(uint cap, out MmioRegion table)
        {
            table = default;
            if (ConfigRead32(cap + 4, out uint location) != Solo5Result.Ok) return false;
            MmioRegion bar = Bar((int)(location & 7));
            ulong offset = location & ~7u;
            if (!bar.IsPresent || offset >= bar.Size) return false;
            table = new MmioRegion(bar.GuestPhysicalAddress + offset, bar.Size - offset);
            return true;
        }

        private Solo5Result ConfigRead(uint offset, uint size, out uint value)
        {
            HvtHcPciConfig args;
            args.Handle = Handle;
            args.Offset = offset;
            args.AccessSize = size;
            args.Value = 0;
            args.Ret = 0;
            Hypercall.Invoke(HvtHypercall.PciConfigRead, &args);
            value = args.Value;
            return (Solo5Result)args.Ret;
        }

        private Solo5Result ConfigWrite(uint offset, uint size, uint value)
        {
            HvtHcPciConfig args;
            args.Handle = Handle;
            args.Offset = offset;
            args.AccessSize = size;
            args.Value = value;
            args.Ret = 0;
            Hypercall.Invoke(HvtHypercall.PciConfigWrite, &args);
            return (Solo5Result)args.Ret;
        }
    }

    public static unsafe partial class Solo5
    {
        /// <summary>
        /// Finds the attached PCI_BASIC device <paramref name="name"/> of the manifest. Invalid if the
        /// tender does not implement PCI (host feature bit 1), the name is not a PCI_BASIC entry, the
        /// entry is not attached, or its info block has an unknown version.
        /// </summary>
        public static Solo5Result PciAcquire(string name, out PciDevice device)
        {
            device = null;
            if ((BootInfo.HostFeatures & (uint)HvtFeatures.Pci) == 0) return Solo5Result.Invalid;
            if (!Manifest.TryFind(name, HvtMftType.PciBasic, out uint index, out HvtMftEntry* entry)
                || entry->Attached == 0 || entry->B == 0)
                return Solo5Result.Invalid;
            HvtPciInfo* info = (HvtPciInfo*)entry->B;
            if (info->Version != HvtPciInfo.CurrentVersion) return Solo5Result.Invalid;
            device = new PciDevice(index, info);
            return Solo5Result.Ok;
        }
    }
}
