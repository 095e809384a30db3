namespace Solo5Net.DevEmu.Pci;

/// <summary>What a PCI function says it is in the first bytes of its configuration space.</summary>
public sealed record PciIdentity(
    ushort VendorId, ushort DeviceId, byte ClassCode, byte Subclass, byte ProgIf, byte Revision,
    ushort SubsystemVendorId, ushort SubsystemId, byte InterruptPin = 1);
