namespace Solo5Net.Hvt;

/// <summary>
/// The CPU side of a boot (docs/hvt-abi.md §2): the bootstrap GDT, the identity-mapped page tables over
/// the whole allocation, then the vCPU's registers for entry at <c>entry</c>.
/// </summary>
public static class BootCpu
{
    /// <summary>Prepares the vCPU of <paramref name="vm"/>; returns the TSC frequency in Hz.</summary>
    public static ulong Initialise(VirtualMachine vm, PageTableBuilder pageTables, ulong entry)
    {
        var low = vm.Memory.HostSlice(0, GuestLayout.ExtraTablesEnd);
        BootstrapGdt.Write(low[(int)GuestLayout.GdtBase..]);
        pageTables.BuildSolo5Layout(low, vm.Memory.AllocationSize);
        return VcpuSetup.Initialise(vm, entry, vm.Memory.Size);
    }
}
