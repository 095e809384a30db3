namespace Solo5Net.DevEmu.Virtio;

/// <summary>The device status byte (docs/virtio-net.md §2): the driver sets the first four in
/// order during initialisation; the device sets <see cref="NeedsReset"/>; 0 written resets.</summary>
[Flags]
public enum DeviceStatus : byte
{
    None = 0,
    Acknowledge = 1,
    Driver = 2,
    DriverOk = 4,
    FeaturesOk = 8,
    NeedsReset = 64,
    Failed = 128,
}
