using System;
using Solo5Net.Guest;

namespace Solo5Net.Bench.Guests.IrqCost
{
    /// <summary>
    /// The cost of one device interrupt, from the device's raise to the guest's wake-up, on the edu
    /// device with each way of delivering it: INTx, MSI and (when the tender serves the device's
    /// MSI-X) MSI-X vector 0. Command line: ROUNDS SAMPLES. Each round takes SAMPLES measurements in
    /// each mode in turn, so that load from elsewhere hits the modes alike. One measurement: write
    /// the raise register (a trapped BAR access forwarded to the device), then Solo5.Yield until the
    /// device's bit is in the ready set; both times from the TSC clock (no exit). Prints per block
    /// "irq MODE raise=NS,… wake=NS,…" (wake: from before the raise to Yield's return), then
    /// "irq done"; any missed or wrong interrupt prints "irq FAIL …" and exits 1.
    /// </summary>
    public static class Program
    {
        private const ulong Deadline = 5_000_000_000UL;
        private const uint Cause = 1;                     // edu cause bit 0: MSI-X vector 0
        private const byte MsiCapability = 0x05;
        private const int MaxSamples = 64;
        private const ulong RaiseRegister = 0x60, InterruptStatusRegister = 0x24, AcknowledgeRegister = 0x64;

        private enum Mode { Intx, Msi, Msix }

        public static int Main(StartInfo start)
        {
            int position = 0;
            string args = start.CommandLine;
            int rounds = NextNumber(args, ref position), samples = NextNumber(args, ref position);
            if (rounds <= 0 || samples <= 0 || samples > MaxSamples)
                return Fail("usage: irq-cost.hvt ROUNDS SAMPLES (SAMPLES at most 64)", 0);
            if (Solo5.PciAcquire("edu0", out PciDevice device) != Solo5Result.Ok || !device.HasInterrupt)
                return Fail("edu0 is not an attached PCI_BASIC device with an interrupt", 0);
            if (!device.TryFindCapability(MsiCapability, out uint msi) || device.ConfigRead16(msi + 2, out ushort msiControl) != Solo5Result.Ok)
                return Fail("edu0 has no MSI capability", 0);
            MmioRegion registers = device.Bar(0);
            int modes = device.HasMsix ? 3 : 2;
            Span<ulong> raise = stackalloc ulong[MaxSamples];
            Span<ulong> wake = stackalloc ulong[MaxSamples];

            for (int round = 0; round < rounds; round++)
                for (int m = 0; m < modes; m++)
                {
                    var mode = (Mode)m;
                    if (!Select(device, mode, msi, msiControl)) return Fail("cannot switch the device to the mode", (ulong)m);
                    // One unrecorded interrupt first: the mode's first delivery sets things up.
                    for (int i = -1; i < samples; i++)
                    {
                        ulong t0 = Solo5.ClockMonotonic();
                        registers.Write32(RaiseRegister, Cause);
                        ulong t1 = Solo5.ClockMonotonic();
                        if (!WaitForDevice(device)) return Fail("no wake-up within 5 s in mode", (ulong)m);
                        ulong t2 = Solo5.ClockMonotonic();
                        if (mode == Mode.Msix && (device.TakeFiredVectors() & 1) == 0) return Fail("woken without vector 0", 0);
                        if (registers.Read32(InterruptStatusRegister) != Cause) return Fail("interrupt status is not the raised cause", (ulong)m);
                        registers.Write32(AcknowledgeRegister, Cause);
                        if (i < 0) continue;
                        raise[i] = t1 - t0;
                        wake[i] = t2 - t0;
                    }
                    Print(mode, raise.Slice(0, samples), wake.Slice(0, samples));
                }
            Select(device, Mode.Intx, msi, msiControl);
            Solo5.ConsoleWrite("irq done\n");
            return Solo5.ExitSuccess;
        }

        /// <summary>INTx: MSI and MSI-X off. MSI: its capability's enable bit. MSI-X: vector 0 enabled (MSI off).</summary>
        private static bool Select(PciDevice device, Mode mode, uint msi, ushort msiControl)
        {
            if (device.HasMsix && mode != Mode.Msix && device.MsixDisable() != Solo5Result.Ok) return false;
            ushort control = mode == Mode.Msi ? (ushort)(msiControl | 1) : (ushort)(msiControl & ~1);
            if (device.ConfigWrite16(msi + 2, control) != Solo5Result.Ok) return false;
            if (mode == Mode.Msix && device.MsixEnable(1) != Solo5Result.Ok) return false;
            Solo5.Yield(0, out _);
            device.TakeFiredVectors();
            return true;
        }

        private static bool WaitForDevice(PciDevice device)
        {
            ulong deadline = Solo5.ClockMonotonic() + Deadline;
            do
            {
                Solo5.Yield(deadline, out ulong ready);
                if ((ready & device.ReadyMask) != 0) return true;
            } while (Solo5.ClockMonotonic() < deadline);
            return false;
        }

        private static void Print(Mode mode, ReadOnlySpan<ulong> raise, ReadOnlySpan<ulong> wake)
        {
            Span<byte> buffer = stackalloc byte[48 + 2 * 21 * MaxSamples];
            var line = new LineWriter(buffer).Append("irq ").Append(mode == Mode.Intx ? "intx" : mode == Mode.Msi ? "msi" : "msix").Append(" raise=");
            for (int i = 0; i < raise.Length; i++) line = line.Append(i == 0 ? "" : ",").Append(raise[i]);
            line = line.Append(" wake=");
            for (int i = 0; i < wake.Length; i++) line = line.Append(i == 0 ? "" : ",").Append(wake[i]);
            line.Append("\n").WriteToConsole();
        }

        /// <summary>The next decimal number in <paramref name="text"/> from <paramref name="position"/>; -1 if none.</summary>
        private static int NextNumber(string text, ref int position)
        {
            while (position < text.Length && text[position] == ' ') position++;
            int start = position, value = 0;
            while (position < text.Length && text[position] >= '0' && text[position] <= '9' && value < 1_000_000)
                value = value * 10 + (text[position++] - '0');
            return position == start ? -1 : value;
        }

        private static int Fail(string what, ulong detail)
        {
            Span<byte> buffer = stackalloc byte[160];
            new LineWriter(buffer).Append("irq FAIL ").Append(what).Append(" (").Append(detail).Append(")\n").WriteToConsole();
            return Solo5.ExitFailure;
        }
    }
}
