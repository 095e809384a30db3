using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Layout;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.Hvt.Modules.Pci.VfioUser;

namespace Solo5Net.PciProbe;

/// <summary>
/// Attaches one device through the same path a unikernel's device takes in hvt-tender (VFIO or
/// vfio-user), without KVM; maps its BARs and DMA memory, prints what it found, optionally drives an
/// edu device through a DMA round trip and interrupts delivered to an eventfd, detaches and prints
/// "PCI PROBE PASS". A refusal or failure is a <see cref="PciException"/>.
/// </summary>
public sealed class DeviceProbe(TextWriter output, Action<string> warn, Func<IVfioSystem> vfioSystem)
{
    public const ulong DefaultIova = HvtGuestLayout.PciWindowBase;
    /// <summary>edu masks DMA addresses to 28 bits by default: its round trip uses an IOVA below 2^28.</summary>
    public const ulong EduIova = 0x0800_0000;
    public const ulong DefaultDmaSize = 2 << 20;
    private const int EduTransfer = 2048;

    public void Run(ProbeOptions options)
    {
        try
        {
            Run(options.Device, options.AllowUnsafeNoIommu, options.Edu, options.EduIrq, options.EduFault);
        }
        catch (Exception e) when (e is PciAccessRefusedException or SystemCallException)
        {
            throw new PciException($"PCI probe failed: {e.Message}");
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
        var windows = new PciWindowAllocator();
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
