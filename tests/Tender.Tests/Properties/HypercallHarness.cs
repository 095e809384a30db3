using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Tender;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// The tender as the run loop sees it, without a guest: a real KVM VM and guest memory with the
/// image's segments loaded and protected, the page tables, and the real modules (the compiled-in
/// list, options parsed as the command line would) set up on it, all by the tender's own
/// <see cref="TenderSession.Prepare"/>. Hypercalls are dispatched
/// straight into the real table, trapped MMIO/port accesses into the real router, so millions of
/// them take seconds instead of the minutes that VM exits would cost.
/// </summary>
internal sealed class HypercallHarness : IDisposable
{
    private readonly TenderSession _session;

    public IReadOnlyList<ITenderModule> Modules { get; }
    public GuestMemory Memory => _session.State.Vm!.Memory;
    public HypercallTable Hypercalls => _session.State.Hypercalls;
    public TrapRouter Traps => _session.State.Traps;
    public Solo5Net.Manifest.Mft Manifest => _session.State.Kernel.Manifest;
    public PciModule Pci => Modules.OfType<DeferredModule>().Select(m => m.Module).OfType<PciModule>().Single();

    private HypercallHarness(TenderSession session, IReadOnlyList<ITenderModule> modules)
    {
        _session = session;
        Modules = modules;
    }

    /// <param name="options">tender options; they are parsed on a thread inside <paramref name="ns"/>
    /// (when given), where the taps they name exist.</param>
    public static HypercallHarness Create(string image, IReadOnlyList<string> options, ulong memoryBytes, NetNamespace? ns)
    {
        var modules = ModuleCatalog.Create();
        var session = new TenderSession(KernelImage.Load(image), modules);
        var harness = new HypercallHarness(session, modules);
        try
        {
            InNamespace(ns, () =>
            {
                foreach (var option in options)
                    if (!modules.Any(m => m.TryParseOption(option, session.Options)))
                        throw new ArgumentException($"no module takes {option}");
            });
            session.Prepare(memoryBytes, []);
            session.RunGuestStartHooks();
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
        var state = _session.State;
        try
        {
            state.HaltHooks.RunAll(new HaltContext(0, 0, null));
        }
        finally
        {
            state.Vm?.Dispose();
            state.Poll.Dispose();
        }
    }
}
