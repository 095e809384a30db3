namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>The device (or its server) answered an access with an error, but is still there: the
/// guest sees a failed access (reads of all ones, dropped writes, EUNSPEC from hypercalls) and
/// runs on. A device that is gone is a <see cref="PciException"/> instead, which ends the tender.</summary>
public sealed class PciAccessRefusedException(string message) : Exception(message);
