namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>One configuration-space access a guest asked for through hypercall 9 or 10 (the IN fields of struct hvt_hc_pci_config).</summary>
public readonly record struct PciConfigRequest(ulong Handle, uint Offset, uint Size, uint Value);
