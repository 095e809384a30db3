using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>
    /// An attached PCI_BASIC device (docs/abi.md): identity, BAR accessors, configuration space via
    /// hypercalls 9/10, and its DMA window. When the device raises its interrupt, bit
    /// <see cref="Handle"/> appears in <see cref="Solo5.Yield"/>'s ready set; the driver then reads the
    /// device's own cause register.
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
