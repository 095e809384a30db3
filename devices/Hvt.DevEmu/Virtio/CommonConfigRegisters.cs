namespace Solo5Net.DevEmu.Virtio;

/// <summary>Offsets in the common configuration block (docs/virtio-net.md §3), all little-endian.</summary>
public static class CommonConfigRegisters
{
    public const int DeviceFeatureSelect = 0x00;   // le32
    public const int DeviceFeature = 0x04;         // le32, read-only
    public const int DriverFeatureSelect = 0x08;   // le32
    public const int DriverFeature = 0x0C;         // le32
    public const int ConfigMsixVector = 0x10;      // le16
    public const int NumQueues = 0x12;             // le16, read-only
    public const int DeviceStatus = 0x14;          // u8
    public const int ConfigGeneration = 0x15;      // u8, read-only
    public const int QueueSelect = 0x16;           // le16
    public const int QueueSize = 0x18;             // le16
    public const int QueueMsixVector = 0x1A;       // le16
    public const int QueueEnable = 0x1C;           // le16
    public const int QueueNotifyOff = 0x1E;        // le16, read-only
    public const int QueueDesc = 0x20;             // le64
    public const int QueueDriver = 0x28;           // le64
    public const int QueueDevice = 0x30;           // le64
    public const int Length = 0x38;

    /// <summary>NO_VECTOR: an MSI-X vector register of an unmapped event, and what a refused mapping reads back.</summary>
    public const ushort NoVector = 0xFFFF;
}
