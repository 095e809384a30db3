using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.PciProbe;

// pci-probe [--edu] [--edu-irq] [--edu-fault] [--pci-dma:NAME=SIZE] [--pci-unsafe-noiommu] NAME=DEVICE
// (ProbeOptions.Usage). Exit status 0 after "PCI PROBE PASS", 1 when the probe failed, 2 for a bad
// command line; each failure is one "pci-probe: ..." line on stderr.
if (args is ["--help"])
{
    Console.Out.Write(ProbeOptions.Usage);
    return 0;
}
ProbeOptions options;
try
{
    options = ProbeOptions.Parse(args);
}
catch (InvalidOptionException e)
{
    Report($"{e.Message} (see --help)");
    return 2;
}
try
{
    new DeviceProbe(Console.Out, Report, () => new LinuxVfioSystem()).Run(options);
    return 0;
}
catch (TenderException e)
{
    Report(e.Message);
    return 1;
}
catch (Exception e)
{
    Report($"internal error: {e.GetType().Name}: {e.Message}");
    return 1;
}

static void Report(string message)
{
    foreach (var line in message.Split('\n')) Console.Error.WriteLine($"pci-probe: {line}");
}
