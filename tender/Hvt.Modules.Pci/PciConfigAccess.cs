using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>Configuration-space access on a guest's behalf, by manifest handle: validated by
/// <see cref="PciConfigPolicy"/>, then forwarded to the device.</summary>
public sealed class PciConfigAccess(IReadOnlyDictionary<int, AttachedPciDevice> devices)
{
    /// <summary>EINVAL for anything the ABI refuses, EUNSPEC if the device refused, else OK.</summary>
    public Solo5Result Execute(PciConfigRequest request, bool write, out uint value)
    {
        value = 0;
        if (request.Handle > int.MaxValue || !devices.TryGetValue((int)request.Handle, out var device))
            return Solo5Result.Invalid;
        if (!PciConfigPolicy.IsWellFormed(request.Offset, request.Size, device.Device.ConfigSize))
            return Solo5Result.Invalid;
        if (write && !PciConfigPolicy.IsWriteAllowed(request.Offset, request.Size, request.Value, device.HasMemoryBar))
            return Solo5Result.Invalid;
        Span<byte> data = stackalloc byte[4];
        data.Clear();
        try
        {
            if (write)
            {
                BitConverter.TryWriteBytes(data, request.Value);
                device.Device.WriteConfig(request.Offset, data[..(int)request.Size]);
                device.Interrupts?.OnConfigWrite(request.Offset, request.Size, request.Value);
                return Solo5Result.Ok;
            }
            device.Device.ReadConfig(request.Offset, data[..(int)request.Size]);
        }
        catch (PciAccessRefusedException)
        {
            return Solo5Result.Unspecified;
        }
        value = BitConverter.ToUInt32(data);
        if (device.Interrupts is { } interrupts) value = interrupts.OverlayConfigRead(request.Offset, request.Size, value);
        return Solo5Result.Ok;
    }
}
