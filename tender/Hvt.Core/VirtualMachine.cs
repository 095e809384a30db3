using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// The KVM VM with its single vCPU and guest RAM (docs/hvt-abi.md §2.6 steps 1–3), plus extra memory
/// slots for guest-physical windows above RAM.
/// </summary>
public sealed class VirtualMachine : IDisposable
{
    private uint _nextSlot = 1;
    private readonly List<(uint Slot, ulong Gpa)> _windowSlots = [];

    public Kvm Kvm { get; }
    public KvmVm Vm { get; }
    public KvmVcpu Vcpu { get; }
    public GuestMemory Memory { get; }

    /// <summary>KVM_CAP_IOEVENTFD is available (ring I/O and doorbells may use ioeventfds).</summary>
    public bool SupportsIoeventfd { get; }

    private VirtualMachine(Kvm kvm, KvmVm vm, KvmVcpu vcpu, GuestMemory memory, bool ioeventfd)
    {
        Kvm = kvm;
        Vm = vm;
        Vcpu = vcpu;
        Memory = memory;
        SupportsIoeventfd = ioeventfd;
    }

    public static VirtualMachine Create(ulong allocationSize)
    {
        using var setup = new SetupScope();
        var kvm = setup.Own(Kvm.TryOpen(out int errno)
            ?? throw new TenderException($"Could not open: {Kvm.DevicePath}: {Libc.StrError(errno)}"));
        int api = Guard("GET_API_VERSION", () => kvm.ApiVersion);
        if (api != KvmIoctls.KVM_API_VERSION)
            throw new TenderException($"KVM: API version is {api}, hvt-tender requires version {KvmIoctls.KVM_API_VERSION}");
        var vm = setup.Own(Guard("CREATE_VM", kvm.CreateVm));
        var vcpu = setup.Own(Guard("CREATE_VCPU", () => vm.CreateVcpu(0)));
        if (Guard("CHECK_EXTENSION", () => kvm.CheckExtension(KvmIoctls.KVM_CAP_USER_MEMORY)) != 1)
            throw new TenderException("KVM: host does not support KVM_CAP_USER_MEMORY");
        var memory = setup.Own(Guard("mmap guest memory", () => new GuestMemory(allocationSize)));
        Guard("SET_USER_MEMORY_REGION", () => vm.SetUserMemoryRegion(0, 0, allocationSize, memory.HostAddress));
        bool ioeventfd = Guard("CHECK_EXTENSION", () => kvm.CheckExtension(KvmIoctls.KVM_CAP_IOEVENTFD)) > 0;
        var machine = new VirtualMachine(kvm, vm, vcpu, memory, ioeventfd);
        setup.Commit();
        return machine;
    }

    /// <summary>Maps host memory at a guest-physical address in a new KVM memory slot; returns the slot.</summary>
    public uint AddMemorySlot(ulong gpa, ulong size, nint hostAddress, bool readOnly = false)
    {
        uint slot = _nextSlot++;
        Guard("SET_USER_MEMORY_REGION", () => Vm.SetUserMemoryRegion(slot, gpa, size, hostAddress,
            readOnly ? KvmUserspaceMemoryRegion.KVM_MEM_READONLY : 0));
        _windowSlots.Add((slot, gpa));
        return slot;
    }

    /// <summary>
    /// Deletes every slot <see cref="AddMemorySlot"/> made (size 0), so KVM holds no reference to the
    /// modules' memory (DMA, BAR mappings) when they unmap it. Only once the vCPU has stopped.
    /// Returns the first failure's message, or null; every slot is attempted.
    /// </summary>
    public string? DeleteWindowSlots()
    {
        string? failure = null;
        foreach (var (slot, gpa) in _windowSlots)
        {
            try { Vm.SetUserMemoryRegion(slot, gpa, 0, 0); }
            catch (SystemCallException e) { failure ??= $"KVM: ioctl (SET_USER_MEMORY_REGION) failed: {Libc.StrError(e.ErrorNumber)}"; }
        }
        _windowSlots.Clear();
        return failure;
    }

    /// <summary>Runs a KVM call, turning a failure into "KVM: ioctl (NAME) failed: &lt;strerror&gt;".</summary>
    internal static T Guard<T>(string what, Func<T> call)
    {
        try { return call(); }
        catch (SystemCallException e) { throw new TenderException($"KVM: ioctl ({what}) failed: {Libc.StrError(e.ErrorNumber)}"); }
    }

    internal static void Guard(string what, Action call) => Guard(what, () => { call(); return 0; });

    public void Dispose()
    {
        Vcpu.Dispose();
        Memory.Dispose();
        Vm.Dispose();
        Kvm.Dispose();
    }
}
