using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Tender;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// The tender as the run loop sees it, without a guest: a real KVM VM and guest memory with the
/// image's segments loaded and protected, the page tables, and the real modules (the compiled-in
/// list, options parsed as the command line would) set up on it. Hypercalls are dispatched
/// straight into the real table, trapped MMIO/port accesses into the real router, so millions of
/// them take seconds instead of the minutes that VM exits would cost.
/// </summary>
internal sealed class HypercallHarness : IDisposable
{
    private readonly TenderState _state;

    public IReadOnlyList<ITenderModule> Modules { get; }
    public GuestMemory Memory => _state.Vm!.Memory;
    public HypercallTable Hypercalls => _state.Hypercalls;
    public TrapRouter Traps => _state.Traps;
    public Solo5Net.Manifest.Mft Manifest => _state.Kernel.Manifest;
    public PciModule Pci => Modules.OfType<DeferredModule>().Select(m => m.Module).OfType<PciModule>().Single();

    private HypercallHarness(TenderState state, IReadOnlyList<ITenderModule> modules)
    {
        _state = state;
        Modules = modules;
    }

    /// <param name="options">tender options; they are parsed on a thread inside <paramref name="ns"/>
    /// (when given), where the taps they name exist.</param>
    public static HypercallHarness Create(string image, IReadOnlyList<string> options, ulong memoryBytes, NetNamespace? ns)
    {
        var kernel = KernelImage.Load(image);
        var state = new TenderState(kernel, verbose: false);
        var ctx = new ModuleSetupContext(state);
        var modules = ModuleCatalog.Create();
        var harness = new HypercallHarness(state, modules);
        try
        {
            InNamespace(ns, () =>
            {
                foreach (var option in options)
                    if (!modules.Any(m => m.TryParseOption(option, ctx)))
                        throw new ArgumentException($"no module takes {option}");
            });

            ulong allocation = state.ReservationBytes > 0 ? MemorySize.AddReservation(memoryBytes, state.ReservationBytes) : memoryBytes;
            state.Vm = VirtualMachine.Create(allocation);
            var memory = state.Vm.Memory;
            ElfLoader.Load(ElfLoader.Plan(kernel.Elf, allocation), memory);
            if (state.ReservationBytes > 0)
            {
                ulong size = Alignment.Up(state.ReservationBytes, MemorySize.PageSize2M);
                memory.SetGuestVisibleSize(allocation - size);
                state.Reserved = memory.Region(allocation - size, size);
            }
            state.PageTables.BuildSolo5Layout(memory.HostSlice(0, GuestLayout.ExtraTablesEnd), allocation);
            new CoreHypercalls(memory, state.Poll).Register(state.Hypercalls);
            foreach (var module in modules) module.Setup(ctx);
            return harness;
        }
        catch
        {
            harness.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread of its own that first joins the
    /// namespace (the thread ends with it, so no other code runs there).</summary>
    public static void InNamespace(NetNamespace? ns, Action action)
    {
        if (ns == null) { action(); return; }
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns.Name}");
                Namespaces.EnterNetwork((int)handle.DangerousGetHandle());
                action();
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure != null) throw new InvalidOperationException($"in namespace {ns.Name}: {failure.Message}", failure);
    }

    /// <summary>Tender-side view of guest memory (no guest-pointer rule), for the test's own bookkeeping.</summary>
    public Span<byte> Raw(ulong gpa, ulong size) => Memory.HostSlice(gpa, size);

    public void Dispose()
    {
        try
        {
            foreach (var hook in _state.HaltHooks) hook(new HaltContext(0, 0, null));
        }
        finally
        {
            _state.Vm?.Dispose();
            _state.Poll.Dispose();
        }
    }
}
