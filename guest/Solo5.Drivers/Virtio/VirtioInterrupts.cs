namespace Solo5Net.Drivers.Virtio
{
    /// <summary>How a <see cref="VirtioNetDriver"/> learns of the device's events (docs/virtio-net.md §7).</summary>
    public enum VirtioInterrupts
    {
        /// <summary>No interrupt: the owner's loop looks at the queues each time it wakes.</summary>
        Polling = 0,

        /// <summary>The PCI INTx line; the ISR says why and reading it lowers the line.</summary>
        Intx = 1,

        /// <summary>One MSI-X vector per queue and one for configuration changes.</summary>
        Msix = 2,
    }
}
