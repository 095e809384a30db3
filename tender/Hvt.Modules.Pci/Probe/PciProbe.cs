using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.Hvt.Modules.Pci.VfioUser;

namespace Solo5Net.Hvt.Modules.Pci.Probe;

/// <summary>
/// `hvt-tender --pci-probe:NAME=DEVICE [--pci-dma:NAME=SIZE] [--pci-probe-edu] [--pci-probe-edu-irq]
/// [--pci-probe-edu-fault]`: attaches one device through the same path a unikernel's device takes
/// (VFIO or vfio-user), without KVM; maps its BARs and DMA memory, prints what it found, optionally
/// drives an edu device through a DMA round trip and interrupts delivered to an eventfd, detaches and
/// prints "PCI PROBE PASS". For checking a host's VFIO setup.
/// </summary>
public sealed class PciProbe(TextWriter output, Action<string> warn, Func<IVfioSystem> vfioSystem)
{
    public const string ProbeOption = "--pci-probe:";
    public const string EduOption = "--pci-probe-edu";
    public const string EduFaultOption = "--pci-probe-edu-fault";
    public const string EduIrqOption = "--pci-probe-edu-irq";
    public const ulong DefaultIova = PciAbi.WindowBase;
    /// <summary>edu masks DMA addresses to 28 bits by default: its round trip uses an IOVA below 2^28.</summary>
    public const ulong EduIova = 0x0800_0000;
    public const ulong DefaultDmaSize = 2 << 20;
    private const int EduTransfer = 2048;

    public const string Usage =
        "  --pci-probe:NAME=DEVICE (without KERNEL: attach DEVICE as --pci-dev would, map its BARs and DMA\n" +
        "      memory, print what was found, detach; with --pci-probe-edu also an edu DMA round trip,\n" +
        "      with --pci-probe-edu-irq then edu interrupts through an eventfd (MSI or INTx, as for a\n" +
        "      unikernel), with --pci-probe-edu-fault then a DMA to an unmapped IOVA)";

    /// <summary>The exit code, or null if <paramref name="options"/> do not ask for a probe.</summary>
    public int? TryRun(IReadOnlyList<string> options)
    {
        if (!options.Any(o => o.StartsWith(ProbeOption, StringComparison.Ordinal))) return null;
        var parsed = new PciOptions();
        bool edu = false, eduIrq = false, eduFault = false;
        foreach (var option in options)
        {
            if (option == EduOption) edu = true;
            else if (option == EduFaultOption) edu = eduFault = true;
            else if (option == EduIrqOption) edu = eduIrq = true;
            else if (option.StartsWith(ProbeOption, StringComparison.Ordinal)) Parse(parsed, PciOptions.DevOption + option[ProbeOption.Length..], option);
            else Parse(parsed, option, option);
        }
        if (parsed.Requests.Count != 1 || parsed.Requests[0].Source == null)
            throw new InvalidOptionException($"{ProbeOption} takes exactly one device, and --pci-dma: only for it");
        try
        {
            Run(parsed.Requests[0], parsed.AllowUnsafeNoIommu, edu, eduIrq, eduFault);
        }
        catch (Exception e) when (e is PciAccessRefusedException or Solo5Net.Interop.SystemCallException)
        {
            throw new PciException($"PCI probe failed: {e.Message}");
        }
        return 0;
    }

    private static void Parse(PciOptions options, string option, string original)
    {
        try
        {
            if (!options.TryParse(option)) throw new InvalidOptionException($"{original}: not an option of {ProbeOption}");
        }
        catch (PciException e)
        {
            throw new InvalidOptionException(e.Message.Replace(option, original));
        }
    }

    private void Run(PciDeviceRequest request, bool allowNoIommu, bool edu, bool eduIrq, bool eduFault)
    {
        FileDescriptor? interruptFd = null;
        VfioContainer? container = null;
        IPciDevice? device = null;
        DmaMemory? dma = null;
        IDmaTarget? target = null;
        var iova = edu ? EduIova : DefaultIova;
        try
        {
            switch (request.Source)
            {
                case HostVfioSource host:
                    container = new VfioContainer(vfioSystem(), allowNoIommu, warn);
                    device = container.Attach(host.Address);
                    target = container;
                    break;
                case VfioUserSource user:
                    var remote = VfioUserDevice.Connect(user.SocketPath);
                    device = remote;
                    target = remote;
                    break;
            }
            var identity = PciIdentity.Read(device!);
            output.WriteLine($"pci-probe: {request.Name} {device!.Description} {identity}");
            ProgramAndDescribeBars(device);

            dma = DmaMemory.Allocate(request.Name, request.DmaSize ?? DefaultDmaSize);
            target!.MapDma(dma, iova);
            output.WriteLine($"pci-probe: dma iova=0x{iova:x} size=0x{dma.Size:x} pages={(dma.HugePages ? "2M" : "4K")}");
            PciConfigHeader.EnableDecoding(device);

            if (edu) RunEdu(device, dma, iova, eduFault);
            if (eduIrq)
            {
                interruptFd = Eventfd.Create();
                var kind = new EduInterruptCheck(device, new EduDevice(device)).Run(interruptFd.Number);
                output.WriteLine($"pci-probe: edu irq {kind} ok ({EduInterruptCheck.Rounds} interrupts)");
            }
            target.UnmapDma(iova, dma.Size);
        }
        finally
        {
            device?.Dispose();
            interruptFd?.Dispose();
            container?.Dispose();
            dma?.Dispose();
        }
        output.WriteLine("PCI PROBE PASS");
    }

    private void ProgramAndDescribeBars(IPciDevice device)
    {
        var windows = new Layout.PciWindowAllocator();
        foreach (var bar in device.Bars)
        {
            PciConfigHeader.ProgramBar(device, bar, bar.IsIo ? windows.AllocatePorts(bar.Size) : windows.AllocateBar(bar.Size));
            var mapped = 0UL;
            foreach (var (offset, size) in bar.MappableAreas.Where(a => a.Offset % 4096 == 0 && a.Size % 4096 == 0 && a.Size > 0))
            {
                device.MapBar(bar.Index, offset, size);
                mapped += size;
            }
            var how = mapped == 0 ? "trapped" : mapped == bar.Size ? "mapped" : $"mapped 0x{mapped:x} of it, rest trapped";
            output.WriteLine($"pci-probe: bar{bar.Index} {(bar.IsIo ? "io" : "mem")} size=0x{bar.Size:x}" +
                $"{(bar.Is64Bit ? " 64-bit" : "")}{(bar.Prefetchable ? " prefetchable" : "")} {how}");
        }
    }

    private void RunEdu(IPciDevice device, DmaMemory dma, ulong iova, bool fault)
    {
        var edu = new EduDevice(device);
        var id = edu.Read32(EduDevice.Identification);
        if ((id & 0xFF) != 0xED) throw new PciException($"{device.Description}: not an edu device (identification 0x{id:x8})");
        if (!edu.LivenessOk(0x5A5A_1234)) throw new PciException($"{device.Description}: edu liveness check failed");

        var pattern = dma.Span(0, EduTransfer);
        for (var i = 0; i < pattern.Length; i++) pattern[i] = (byte)(i * 13 + 7);
        var back = dma.Span(4096, EduTransfer);
        back.Clear();
        if (!edu.Dma(iova, EduDevice.Buffer, EduTransfer, toRam: false) || !edu.Dma(EduDevice.Buffer, iova + 4096, EduTransfer, toRam: true))
            throw new PciException($"{device.Description}: edu DMA did not finish");
        if (!back.SequenceEqual(dma.Span(0, EduTransfer)))
            throw new PciException($"{device.Description}: edu DMA round trip returned different bytes");
        output.WriteLine($"pci-probe: edu id=0x{id:x8} liveness ok dma {EduTransfer} bytes ok");

        if (fault)
        {
            var unmapped = iova + dma.Size + (2 << 20);
            edu.Dma(EduDevice.Buffer, unmapped, 256, toRam: true);
            output.WriteLine($"pci-probe: edu dma to unmapped iova=0x{unmapped:x} issued");
        }
    }
}
