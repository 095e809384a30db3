using Solo5Net.Abi;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// Finds the modern transport's register blocks (docs/virtio-net.md §3) by walking the PCI
    /// capability list for vendor capabilities: common, notify, ISR and device configuration, the
    /// first of each type whose BAR is a mapped memory BAR that holds the whole block. A
    /// transitional device has them too; its legacy I/O interface is not used.
    /// </summary>
    internal static class VirtioCapabilities
    {
        // 48 capabilities fill the 192 bytes after the header: a longer walk is a looping list.
        private const int MaxCapabilities = 48;

        public static string Find(PciDevice device, out VirtioRegisterBlock common, out VirtioRegisterBlock notify,
            out VirtioRegisterBlock isr, out VirtioRegisterBlock config)
        {
            common = new VirtioRegisterBlock();
            notify = new VirtioRegisterBlock();
            isr = new VirtioRegisterBlock();
            config = new VirtioRegisterBlock();
            if (device.ConfigRead16(0x06, out ushort status) != Solo5Result.Ok || (status & 0x10) == 0)
                return "no PCI capability list (not a modern virtio device)";
            if (device.ConfigRead8(0x34, out byte next) != Solo5Result.Ok) return "cannot read the capability pointer";
            for (var i = 0; i < MaxCapabilities && next >= 0x40; i++)
            {
                uint at = (uint)(next & 0xFC);
                if (device.ConfigRead8(at, out byte id) != Solo5Result.Ok || device.ConfigRead8(at + 1, out next) != Solo5Result.Ok)
                    return "cannot read a PCI capability";
                if (id != VirtioPci.VendorCapability) continue;
                if (device.ConfigRead8(at + 2, out byte length) != Solo5Result.Ok || length < 16
                    || device.ConfigRead8(at + 3, out byte type) != Solo5Result.Ok
                    || device.ConfigRead8(at + 4, out byte bar) != Solo5Result.Ok
                    || device.ConfigRead32(at + 8, out uint offset) != Solo5Result.Ok
                    || device.ConfigRead32(at + 12, out uint size) != Solo5Result.Ok)
                    continue;
                uint multiplier = 0;
                if (type == VirtioPci.NotifyCfg && (length < 20 || device.ConfigRead32(at + 16, out multiplier) != Solo5Result.Ok))
                    continue;
                var region = device.Bar(bar);
                if (size == 0 || !region.IsPresent || offset > region.Size || size > region.Size - offset) continue;
                if (type == VirtioPci.CommonCfg && !common.IsPresent) Set(ref common, region, offset, size, 0);
                else if (type == VirtioPci.NotifyCfg && !notify.IsPresent) Set(ref notify, region, offset, size, multiplier);
                else if (type == VirtioPci.IsrCfg && !isr.IsPresent) Set(ref isr, region, offset, size, 0);
                else if (type == VirtioPci.DeviceCfg && !config.IsPresent) Set(ref config, region, offset, size, 0);
            }
            if (!common.IsPresent || common.Length < VirtioPci.CommonLength) return "no usable common configuration capability";
            if (!notify.IsPresent) return "no usable notify capability";
            if (!isr.IsPresent) return "no usable ISR capability";
            return null;
        }

        private static void Set(ref VirtioRegisterBlock block, MmioRegion bar, uint offset, uint size, uint multiplier)
        {
            block.Bar = bar;
            block.Offset = offset;
            block.Length = size;
            block.NotifyOffMultiplier = multiplier;
        }
    }
}
