using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.Layout;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.Hvt.Modules.Pci.VfioUser;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>
/// The PCI_BASIC module: attaches host devices (VFIO) and vfio-user devices to PCI_BASIC manifest
/// entries, gives each DMA memory and BAR windows above 4 GiB, wires interrupts to POLL, and serves
/// the configuration-space hypercalls. Everything it takes is released at halt, on a signal, or
/// when setup fails half-way.
/// </summary>
public sealed class PciModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--pci-";
    private readonly PciOptions _options = new();
    private readonly Func<IVfioSystem> _vfioSystem;
    private readonly List<AttachedPciDevice> _devices = [];
    private readonly Lock _releaseLock = new();
    private VfioContainer? _container;
    private Action<string>? _reportRelease;
    private bool _released;

    public PciModule() : this(() => new LinuxVfioSystem()) { }

    public PciModule(Func<IVfioSystem> vfioSystem) => _vfioSystem = vfioSystem;

    public string Name => "pci";

    public string Usage => PciOptions.Usage;

    public IReadOnlyList<AttachedPciDevice> Devices => _devices;

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        try
        {
            if (!_options.TryParse(arg)) return false;
        }
        catch (PciException e)
        {
            throw new InvalidOptionException(e.Message);
        }
        foreach (var request in _options.Requests)
            ctx.RequireDeclared(request.Name, HvtMftType.PciBasic);
        return true;
    }

    /// <summary>A vfio-user peer may take up to its set-up bound to answer; a host device's reset takes time too.</summary>
    public bool SetupWaitsOnPeers => _options.Requests.Count > 0;

    public void Setup(ModuleSetupContext ctx)
    {
        if (_options.Requests.Count == 0) return;
        if (ctx.Verbose) _reportRelease = ctx.Warn;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Release();
        try
        {
            AttachAll(ctx);
        }
        catch (Exception e) when (e is PciAccessRefusedException or SystemCallException)
        {
            Release();
            throw new PciException($"PCI setup failed: {e.Message}");
        }
        catch
        {
            Release();
            throw;
        }
        ctx.RegisterHaltHook(_ => Release());
        ctx.RegisterAbortHook(AbortPeers);
    }

    /// <summary>Makes every wait on a vfio-user server fail at once (the tender is exiting and the vCPU
    /// may be waiting on one); takes no device lock.</summary>
    private void AbortPeers()
    {
        foreach (var device in _devices.Select(d => d.Device).OfType<VfioUserDevice>()) device.Abort();
    }

    private void AttachAll(ModuleSetupContext ctx)
    {
        var requests = _options.Requests
            .Select(r => (Request: r, Handle: ctx.Manifest.Find(r.Name, HvtMftType.PciBasic)))
            .OrderBy(r => r.Handle).ToList();

        // Everything that can be refused without touching a device is refused first.
        var sizes = requests.Select(r =>
        {
            if (r.Request.Source == null)
                throw new PciException($"{PciOptions.DmaOption}{r.Request.Name} is given without {PciOptions.DevOption}{r.Request.Name}");
            return ManifestMatch.DmaSize(r.Request.Name, ctx.Manifest.Entries[r.Handle], r.Request.DmaSize);
        }).ToList();
        DmaBudget.Require(requests.Select((r, i) => (r.Request.Name, sizes[i])).ToList());
        var addressBits = requests.Select(r => ManifestMatch.DmaAddressBits(r.Request.Name, ctx.Manifest.Entries[r.Handle])).ToList();

        for (var i = 0; i < requests.Count; i++)
        {
            var (request, handle) = requests[i];
            var device = Open(request.Source!, ctx);
            PciIdentity identity;
            try { identity = PciIdentity.Read(device); }
            catch { device.Dispose(); throw; }
            var attached = new AttachedPciDevice(request.Name, handle, device, identity, sizes[i], addressBits[i]);
            _devices.Add(attached);
            ManifestMatch.Require(request.Name, device.Description, ctx.Manifest.Entries[handle], identity);
            BarSizeCheck.Require(request.Name, device.Description, device.Bars);
            var msix = MsixCapability.Read(device);
            msix?.Require(request.Name, device.Description, device.Bars);
            attached.Interrupts = InterruptRouter.Create(device, msix);
            if (ctx.Verbose) ctx.Warn($"{request.Name}: {device.Description} {identity}");
        }

        var windows = new PciWindowAllocator(ctx.WindowsBase);
        foreach (var device in _devices)
        {
            AllocateDma(ctx, windows, device);
            new PciBarSetup(ctx, windows, device).MapAll();
            AllocateIrqStatus(ctx, windows, device);
        }
        MapDmaEverywhere();
        foreach (var device in _devices)
        {
            PciConfigHeader.EnableDecoding(device.Device);
            device.Interrupts!.Start((fd, filter, beforeWait) => ctx.RegisterFilteredPollSource(fd, device.Handle, filter, beforeWait),
                device.IrqStatus);
            if (ctx.Verbose) ReportInterrupts(ctx, device);
            Publish(ctx, device);
            device.Device.SetupComplete();
        }

        var hypercalls = new PciConfigHypercalls(ctx.Memory, new PciConfigAccess(_devices.ToDictionary(d => d.Handle)));
        ctx.RegisterHypercall(HvtHypercall.PciConfigRead, hypercalls.Read);
        ctx.RegisterHypercall(HvtHypercall.PciConfigWrite, hypercalls.Write);
        ctx.AddHostFeature(HvtFeatures.Pci);
        ctx.AddHostFeature(HvtFeatures.PciMsix);
    }

    private IPciDevice Open(PciDeviceSource source, ModuleSetupContext ctx) => source switch
    {
        HostVfioSource host => (_container ??= new VfioContainer(_vfioSystem(), _options.AllowUnsafeNoIommu, ctx.Warn,
            ctx.Verbose ? ctx.Warn : null)).Attach(host.Address),
        VfioUserSource user => VfioUserDevice.Connect(user.SocketPath),
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    private static void AllocateDma(ModuleSetupContext ctx, PciWindowAllocator windows, AttachedPciDevice device)
    {
        if (device.DmaSize == 0) return;
        device.DmaGpa = windows.AllocateDma(device.Name, device.DmaSize, device.DmaAddressBits);
        device.Dma = DmaMemory.Allocate(device.Name, device.DmaSize);
        ctx.MapGuestWindow(device.DmaGpa, device.DmaSize, CacheMode.WriteBack, device.Dma.HostAddress);
        var dma = device.Dma;
        ctx.AddCoreRegion(new CoreRegion($"{device.Name} DMA window", device.DmaGpa, device.DmaSize, (offset, length) => dma.Span(offset, length)));
        if (ctx.Verbose)
            ctx.Warn($"{device.Name}: {SizeParser.Describe(device.DmaSize)} of DMA memory at 0x{device.DmaGpa:x} " +
                $"({(device.Dma.HugePages ? "2 MiB huge pages" : "4 KiB pages")}" +
                (device.DmaAddressBits < 64 ? $"; the device addresses {device.DmaAddressBits} bits)" : ")"));
    }

    /// <summary>Every DMA window goes into every DMA target with IOVA = GPA (one VFIO container for
    /// all host devices, plus each vfio-user server), so a buffer one device received can be handed
    /// to another device without copying.</summary>
    private void MapDmaEverywhere()
    {
        var targets = new List<IDmaTarget>();
        if (_container != null) targets.Add(_container);
        targets.AddRange(_devices.Select(d => d.Device).OfType<IDmaTarget>());
        foreach (var target in targets)
            foreach (var device in _devices.Where(d => d.Dma != null))
                target.MapDma(device.Dma!, device.DmaGpa);
    }

    /// <summary>A device whose MSI-X the tender serves gets a 4 KiB interrupt-status page after its
    /// BARs (docs/abi.md §4, §7): guest RAM the tender sets fired-vector bits in.</summary>
    private static void AllocateIrqStatus(ModuleSetupContext ctx, PciWindowAllocator windows, AttachedPciDevice device)
    {
        if (device.Interrupts!.Table == null) return;
        device.IrqStatusGpa = windows.AllocateBar(HvtPciIrqStatus.PageSize);
        device.IrqStatus = SharedWords.Allocate(HvtPciIrqStatus.PageSize);
        ctx.MapGuestWindow(device.IrqStatusGpa, HvtPciIrqStatus.PageSize, CacheMode.WriteBack, device.IrqStatus.HostAddress);
    }

    private static void ReportInterrupts(ModuleSetupContext ctx, AttachedPciDevice device)
    {
        var router = device.Interrupts!;
        var msix = router.Table is { } table
            ? $"MSI-X with {table.Vectors} of {router.Msix!.TableSize} vectors (status page at 0x{device.IrqStatusGpa:x})"
            : router.Msix != null ? $"MSI-X not offered by the backend" : "no MSI-X";
        ctx.Warn($"{device.Name}: interrupts: {msix}; {router.Wired} wired until the guest chooses");
    }

    private static void Publish(ModuleSetupContext ctx, AttachedPciDevice device)
    {
        var gpa = ctx.AllocateBootBlock(HvtPciInfo.Size);
        device.InfoBlock().Encode(ctx.BootBlock(gpa, HvtPciInfo.Size));
        var entry = ctx.Manifest.Entries[device.Handle];
        entry.B = gpa;
        entry.Attached = true;
    }

    /// <summary>Idempotent: device side first (interrupts off, DMA unmapped from each server, reset,
    /// disconnect), then the VFIO container (DMA unmapped, groups detached), then the memory.</summary>
    public void Release()
    {
        lock (_releaseLock)
        {
            if (_released) return;
            _released = true;
            foreach (var device in Enumerable.Reverse(_devices)) device.ReleaseDevice();
            _container?.Dispose();
            foreach (var device in _devices) device.ReleaseMemory();
            foreach (var device in _devices)
                _reportRelease?.Invoke($"{device.Name}: released {device.Device.Description}");
        }
    }
}
