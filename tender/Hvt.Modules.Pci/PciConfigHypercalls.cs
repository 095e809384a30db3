using Solo5Net.Hvt.Modules.Pci.Abi;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>Hypercalls 9 and 10 (docs/abi.md §5): the guest's argument block in, the result out.</summary>
public sealed class PciConfigHypercalls(GuestMemory memory, PciConfigAccess access)
{
    public void Read(ulong argumentGpa) => Handle(argumentGpa, write: false);

    public void Write(ulong argumentGpa) => Handle(argumentGpa, write: true);

    private void Handle(ulong argumentGpa, bool write)
    {
        var arg = memory.Slice(argumentGpa, PciConfigRequest.Length);
        var result = access.Execute(PciConfigRequest.Decode(arg), write, out var value);
        PciConfigRequest.WriteResult(arg, result);
        if (!write) PciConfigRequest.WriteValue(arg, value);
    }
}
