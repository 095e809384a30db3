namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>An operator-facing PCI error: one line that names the culprit and, where possible, the fix.
/// The tender reports it like any <see cref="TenderException"/> ("hvt-tender: …", exit 1).</summary>
public sealed class PciException(string message) : TenderException(message);
