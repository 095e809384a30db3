using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>A VM with the image loaded and the vCPU ready at the entry point.</summary>
public sealed record BootedVm(VirtualMachine Vm, ulong KernelEnd, ulong TscHz, GuestRegion? Reserved);

/// <summary>
/// The boot preparation every run shares, from a checked image to a VM ready to run: the
/// allocation with any region modules reserved above the guest (docs/hvt-abi.md §1.2), the PT_LOAD
/// segments planned against the guest-visible memory and loaded (docs/hvt-abi.md §6.3), the reservation withheld
/// from mem_size, then the CPU (<see cref="BootCpu"/>). Modules, boot info and the guest's thread
/// are the caller's.
/// </summary>
public static class GuestBoot
{
    /// <param name="guestMemory">mem_size as the operator asked for it, already rounded (docs/hvt-abi.md §1.2).</param>
    /// <param name="reservationBytes">bytes modules reserved above the guest (rounded up to 2 MiB here).</param>
    public static BootedVm Prepare(KernelImage kernel, ulong guestMemory, ulong reservationBytes, PageTableBuilder pageTables)
    {
        ulong allocation = reservationBytes == 0 ? guestMemory : MemorySize.AddReservation(guestMemory, reservationBytes);
        ulong reserved = reservationBytes == 0 ? 0 : Alignment.Up(reservationBytes, MemorySize.PageSize2M);
        ulong visible = allocation - reserved;

        IReadOnlyList<ElfLoader.Segment> segments;
        try { segments = ElfLoader.Plan(kernel.Elf, visible); }
        catch (ManifestException e) { throw new TenderException($"{kernel.Path}: {e.Message}"); }

        var vm = VirtualMachine.Create(allocation);
        try
        {
            ulong kernelEnd = ElfLoader.Load(segments, vm.Memory);
            GuestRegion? region = null;
            if (reserved > 0)
            {
                vm.Memory.SetGuestVisibleSize(visible);
                region = vm.Memory.Region(visible, reserved);
            }
            ulong tscHz = BootCpu.Initialise(vm, pageTables, kernel.Elf.Entry);
            return new BootedVm(vm, kernelEnd, tscHz, region);
        }
        catch
        {
            vm.Dispose();
            throw;
        }
    }
}
