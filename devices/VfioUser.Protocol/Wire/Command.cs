namespace Solo5Net.VfioUser;

/// <summary>vfio-user command numbers (header offset 2).</summary>
public enum Command : ushort
{
    Version = 1,
    DmaMap = 2,
    DmaUnmap = 3,
    DeviceGetInfo = 4,
    DeviceGetRegionInfo = 5,
    DeviceGetRegionIoFds = 6,
    DeviceGetIrqInfo = 7,
    DeviceSetIrqs = 8,
    RegionRead = 9,
    RegionWrite = 10,
    DmaRead = 11,
    DmaWrite = 12,
    DeviceReset = 13,
    RegionWriteMulti = 15,
    DeviceFeature = 16,
    MigrationDataRead = 17,
    MigrationDataWrite = 18,
}

/// <summary>Header flag bits 0–3.</summary>
public enum MessageType : byte
{
    Command = 0,
    Reply = 1,
}
