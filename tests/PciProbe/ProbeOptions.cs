using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.PciProbe;

/// <summary>pci-probe's command line: one device written as for hvt-tender's --pci-dev:, the
/// tender's own --pci-dma: and --pci-unsafe-noiommu for it, and which edu checks to run.</summary>
public sealed record ProbeOptions(PciDeviceRequest Device, bool AllowUnsafeNoIommu, bool Edu, bool EduIrq, bool EduFault)
{
    public const string EduOption = "--edu";
    public const string EduIrqOption = "--edu-irq";
    public const string EduFaultOption = "--edu-fault";

    public const string Usage =
        "usage: pci-probe [--edu] [--edu-irq] [--edu-fault] [--pci-dma:NAME=SIZE] [--pci-unsafe-noiommu] NAME=DEVICE\n" +
        "Attaches DEVICE as hvt-tender --pci-dev:NAME=DEVICE would (DDDD:BB:DD.F bound to vfio-pci, or\n" +
        "vfio-user:PATH), maps its BARs and DMA memory, prints what was found, detaches, and prints\n" +
        "PCI PROBE PASS. No KVM is needed.\n" +
        "  --edu        also a 2048-byte DMA round trip through an edu device\n" +
        "  --edu-irq    then edu interrupts through an eventfd (MSI or INTx, as for a unikernel)\n" +
        "  --edu-fault  then a DMA to an IOVA that was not mapped (the IOMMU must block it)\n" +
        "  --pci-dma:NAME=SIZE, --pci-unsafe-noiommu  as for hvt-tender (default DMA size 2M)\n";

    /// <summary>Parses <paramref name="args"/>; anything wrong is an <see cref="InvalidOptionException"/> naming the culprit.</summary>
    public static ProbeOptions Parse(IReadOnlyList<string> args)
    {
        var pci = new PciOptions();
        bool edu = false, eduIrq = false, eduFault = false;
        string? device = null;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case EduOption: edu = true; break;
                case EduIrqOption: edu = eduIrq = true; break;
                case EduFaultOption: edu = eduFault = true; break;
                case PciOptions.UnsafeNoIommuOption: ParsePci(pci, arg, arg); break;
                default:
                    if (arg.StartsWith(PciOptions.DmaOption, StringComparison.Ordinal)) ParsePci(pci, arg, arg);
                    else if (arg.StartsWith('-')) throw new InvalidOptionException($"{arg}: not an option of pci-probe");
                    else if (device != null) throw new InvalidOptionException($"{arg}: pci-probe takes one device, and {device} is given");
                    else ParsePci(pci, PciOptions.DevOption + (device = arg), arg);
                    break;
            }
        }
        if (device == null) throw new InvalidOptionException("no device given (NAME=DEVICE)");
        var unnamed = pci.Requests.FirstOrDefault(r => r.Source == null);
        if (unnamed != null)
            throw new InvalidOptionException($"{PciOptions.DmaOption}{unnamed.Name}: there is no device '{unnamed.Name}' (NAME=DEVICE names it)");
        return new ProbeOptions(pci.Requests.Single(), pci.AllowUnsafeNoIommu, edu, eduIrq, eduFault);
    }

    private static void ParsePci(PciOptions options, string option, string original)
    {
        try
        {
            options.TryParse(option);
        }
        catch (PciException e)
        {
            throw new InvalidOptionException(e.Message.Replace(option, original)
                .Replace(PciOptions.DevOption + "NAME=VALUE", "NAME=DEVICE"));
        }
    }
}
