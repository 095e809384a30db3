namespace Solo5Net.Drivers.Virtio
{
    /// <summary>The virtio 1.x PCI facts the driver uses (docs/virtio-net.md §2–§5): ids, capability
    /// types, common configuration offsets, status bits, feature bits, ISR bits.</summary>
    internal static class VirtioPci
    {
        public const ushort VendorId = 0x1AF4;
        public const ushort ModernNetDeviceId = 0x1041, TransitionalNetDeviceId = 0x1000;
        public const ushort TransitionalNetSubsystemId = 1;

        public const byte VendorCapability = 0x09;
        public const byte CommonCfg = 1, NotifyCfg = 2, IsrCfg = 3, DeviceCfg = 4;

        public const ulong DeviceFeatureSelect = 0x00, DeviceFeature = 0x04;
        public const ulong DriverFeatureSelect = 0x08, DriverFeature = 0x0C;
        public const ulong ConfigMsixVector = 0x10, DeviceStatus = 0x14;
        public const ulong QueueSelect = 0x16, QueueSize = 0x18, QueueMsixVector = 0x1A, QueueEnable = 0x1C, QueueNotifyOff = 0x1E;
        public const ulong QueueDescLow = 0x20, QueueDescHigh = 0x24;
        public const ulong QueueDriverLow = 0x28, QueueDriverHigh = 0x2C;
        public const ulong QueueDeviceLow = 0x30, QueueDeviceHigh = 0x34;
        public const ulong CommonLength = 0x38;

        public const byte StatusAcknowledge = 1, StatusDriver = 2, StatusDriverOk = 4, StatusFeaturesOk = 8;
        public const byte StatusNeedsReset = 64, StatusFailed = 128;

        public const ulong FeatureNetMtu = 1UL << 3, FeatureNetMac = 1UL << 5, FeatureNetStatus = 1UL << 16;
        public const ulong FeatureVersion1 = 1UL << 32, FeatureAccessPlatform = 1UL << 33;

        public const byte IsrQueue = 1, IsrConfig = 2;

        /// <summary>An MSI-X vector register's "no vector": the event is unmapped, or the device refused the mapping.</summary>
        public const ushort NoVector = 0xFFFF;

        /// <summary>Net device configuration: mac[6], status le16, max_virtqueue_pairs le16, mtu le16.</summary>
        public const ulong NetConfigMac = 0, NetConfigStatus = 6, NetConfigMtu = 10, NetConfigLength = 12;
        public const ushort NetStatusLinkUp = 1;

        /// <summary>The 12-byte header before each frame (VERSION_1: num_buffers included).</summary>
        public const int NetHeaderSize = 12;
    }
}
