using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests.PciEdu
{
    /// <summary>
    /// A driver for the edu teaching device (1234:11e8) on top of the PCI_BASIC bindings: its BAR0
    /// registers (identification, liveness, factorial, interrupt raise/status/acknowledge, DMA engine
    /// between its 4 KiB buffer at device address 0x40000 and bus addresses). Busy-bit polls run
    /// until a deadline on the monotonic clock: QEMU's edu takes about 100 ms for a DMA, and how many
    /// reads fit in that depends on whether the BAR is mapped or trapped.
    /// </summary>
    public sealed class EduDriver
    {
        public const ushort Vendor = 0x1234, Device = 0x11e8;
        public const uint ExpectedIdentification = 0x010000ed;
        public const ulong BufferAddress = 0x40000;
        public const int BufferSize = 4096;
        public const ulong RegisterWindowSize = 1 << 20;
        public const uint FactorialInterrupt = 0x001, DmaInterrupt = 0x100;

        private const ulong IdentificationRegister = 0x00, LivenessRegister = 0x04, FactorialRegister = 0x08,
            StatusRegister = 0x20, InterruptStatusRegister = 0x24, InterruptRaiseRegister = 0x60,
            InterruptAcknowledgeRegister = 0x64, DmaSourceRegister = 0x80, DmaDestinationRegister = 0x88,
            DmaCountRegister = 0x90, DmaCommandRegister = 0x98;
        private const uint StatusComputing = 0x01, StatusInterruptOnFactorial = 0x80;
        private const ulong DmaStart = 0x1, DmaFromDevice = 0x2, DmaRaiseInterrupt = 0x4;
        private const ulong BusyTimeout = 2_000_000_000UL;

        private readonly MmioRegion _registers;

        public EduDriver(PciDevice device)
        {
            Pci = device;
            _registers = device.Bar(0);
        }

        public PciDevice Pci { get; }

        public uint ReadIdentification() => _registers.Read32(IdentificationRegister);

        /// <summary>Writes <paramref name="value"/> to the liveness register and reads it back (the device inverts it).</summary>
        public uint Liveness(uint value)
        {
            _registers.Write32(LivenessRegister, value);
            return _registers.Read32(LivenessRegister);
        }

        /// <summary>With <paramref name="enabled"/> the device raises <see cref="FactorialInterrupt"/>
        /// each time a factorial is done.</summary>
        public void SetFactorialInterrupt(bool enabled) =>
            _registers.Write32(StatusRegister, enabled ? StatusInterruptOnFactorial : 0);

        /// <summary>Asks for n! (32-bit, wrapping).</summary>
        public void StartFactorial(uint n) => _registers.Write32(FactorialRegister, n);

        /// <summary>Waits (bounded) for the factorial unit; false if it stays busy.</summary>
        public bool TryReadFactorial(out uint result)
        {
            result = 0;
            if (!PollUntilClear(StatusRegister, StatusComputing)) return false;
            result = _registers.Read32(FactorialRegister);
            return true;
        }

        public uint ReadInterruptStatus() => _registers.Read32(InterruptStatusRegister);

        public void RaiseInterrupt(uint bits) => _registers.Write32(InterruptRaiseRegister, bits);

        public void AcknowledgeInterrupt(uint bits) => _registers.Write32(InterruptAcknowledgeRegister, bits);

        /// <summary>Copies <paramref name="count"/> bytes from guest memory at <paramref name="busAddress"/>
        /// into the device buffer at <paramref name="deviceAddress"/>; false if the engine stays busy.</summary>
        public bool DmaToDevice(ulong busAddress, ulong deviceAddress, ulong count, bool raiseInterrupt) =>
            Dma(busAddress, deviceAddress, count, raiseInterrupt ? DmaRaiseInterrupt : 0);

        /// <summary>Copies from the device buffer to guest memory at <paramref name="busAddress"/>.</summary>
        public bool DmaFromDeviceTo(ulong busAddress, ulong deviceAddress, ulong count, bool raiseInterrupt) =>
            Dma(deviceAddress, busAddress, count, DmaFromDevice | (raiseInterrupt ? DmaRaiseInterrupt : 0));

        /// <summary>
        /// Sleeps in Solo5.Yield until the device's bit is in the ready set or the monotonic clock
        /// passes <paramref name="deadline"/>. <paramref name="readySet"/> is the last Yield's set.
        /// True if the device's interrupt woke the guest.
        /// </summary>
        public bool WaitForInterrupt(ulong deadline, out ulong readySet)
        {
            do
            {
                Solo5.Yield(deadline, out readySet);
                if ((readySet & Pci.ReadyMask) != 0) return true;
            } while (Solo5.ClockMonotonic() < deadline);
            return false;
        }

        private bool Dma(ulong source, ulong destination, ulong count, ulong command)
        {
            _registers.Write64(DmaSourceRegister, source);
            _registers.Write64(DmaDestinationRegister, destination);
            _registers.Write64(DmaCountRegister, count);
            _registers.Write64(DmaCommandRegister, DmaStart | command);
            return PollUntilClear(DmaCommandRegister, DmaStart);
        }

        private bool PollUntilClear(ulong register, ulong busyBit)
        {
            ulong deadline = Solo5.ClockMonotonic() + BusyTimeout;
            while (true)
            {
                if ((_registers.Read32(register) & busyBit) == 0) return true;
                if (Solo5.ClockMonotonic() >= deadline) return false;
            }
        }
    }
}
