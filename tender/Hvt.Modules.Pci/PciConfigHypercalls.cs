using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>Hypercalls 9 and 10 (docs/abi.md §5): the guest's argument block in, the result out.</summary>
public sealed class PciConfigHypercalls(GuestMemory memory, PciConfigAccess access)
{
    public void Read(ulong argumentGpa) => Handle(argumentGpa, write: false);

    public void Write(ulong argumentGpa) => Handle(argumentGpa, write: true);

    private void Handle(ulong argumentGpa, bool write)
    {
        ref var arg = ref memory.Ref<HvtHcPciConfig>(argumentGpa);
        var result = access.Execute(new PciConfigRequest(arg.Handle, arg.Offset, arg.AccessSize, arg.Value), write, out var value);
        arg.Ret = (int)result;
        if (!write) arg.Value = value;
    }
}
