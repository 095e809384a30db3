namespace Solo5Net.DevEmu.Pci;

/// <summary>A read-only capability in the configuration space's list: its id, and the bytes after
/// the id and next-pointer bytes (<see cref="ConfigSpace"/> links the list).</summary>
public sealed record PciCapability(byte Id, byte[] Body)
{
    /// <summary>Bytes the capability takes: id, next pointer and body.</summary>
    public int Length => 2 + Body.Length;
}
