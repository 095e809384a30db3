using Solo5Net.Guest;

namespace DriverNamespace
{
    /// <summary>The edu device's registers in BAR0 (identification, factorial, interrupt status and
    /// acknowledge, DMA engine between its 4 KiB buffer at device address 0x40000 and bus addresses).
    /// Each register access is an MMIO access the tender forwards to the device.</summary>
    public sealed class EduDevice
    {
        public const uint FactorialDone = 0x001, DmaDone = 0x100;
        public const ulong BufferAddress = 0x40000;

        private const ulong IdentificationRegister = 0x00, FactorialRegister = 0x08, StatusRegister = 0x20,
            InterruptStatusRegister = 0x24, InterruptAcknowledgeRegister = 0x64, DmaSourceRegister = 0x80,
            DmaDestinationRegister = 0x88, DmaCountRegister = 0x90, DmaCommandRegister = 0x98;
        private const uint StatusInterruptOnFactorial = 0x80;
        private const ulong DmaStart = 0x1, DmaFromDevice = 0x2, DmaRaiseInterrupt = 0x4;

        private readonly MmioRegion _registers;

        public EduDevice(PciDevice pci)
        {
            Pci = pci;
            _registers = pci.Bar(0);
        }

        public PciDevice Pci { get; }

        /// <summary>0xRRrr00ed: major and minor version in the top bytes.</summary>
        public uint Identification => _registers.Read32(IdentificationRegister);

        public uint Factorial => _registers.Read32(FactorialRegister);

        public uint PendingInterrupts => _registers.Read32(InterruptStatusRegister);

        /// <summary>Computes n! (32 bits, wrapping) and raises <see cref="FactorialDone"/> when done.</summary>
        public void StartFactorial(uint n)
        {
            _registers.Write32(StatusRegister, StatusInterruptOnFactorial);
            _registers.Write32(FactorialRegister, n);
        }

        /// <summary>Copies <paramref name="count"/> bytes from the bus address into the device buffer,
        /// then raises <see cref="DmaDone"/>.</summary>
        public void StartDmaToDevice(ulong busAddress, ulong count) =>
            StartDma(busAddress, BufferAddress, count, DmaRaiseInterrupt);

        /// <summary>Copies <paramref name="count"/> bytes from the device buffer to the bus address,
        /// then raises <see cref="DmaDone"/>.</summary>
        public void StartDmaFromDevice(ulong busAddress, ulong count) =>
            StartDma(BufferAddress, busAddress, count, DmaFromDevice | DmaRaiseInterrupt);

        public void Acknowledge(uint interrupts) => _registers.Write32(InterruptAcknowledgeRegister, interrupts);

        private void StartDma(ulong source, ulong destination, ulong count, ulong command)
        {
            _registers.Write64(DmaSourceRegister, source);
            _registers.Write64(DmaDestinationRegister, destination);
            _registers.Write64(DmaCountRegister, count);
            _registers.Write64(DmaCommandRegister, DmaStart | command);
        }
    }
}
