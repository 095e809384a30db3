namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>A device's interrupt kinds, numbered as VFIO and vfio-user number their IRQ indexes.</summary>
public enum InterruptIndex : uint
{
    Intx = 0,
    Msi = 1,
    Msix = 2,
}
