using System;
using Solo5Net.Guest;
using static Solo5Net.Tests.Guests.PciEdu.StepReport;

namespace Solo5Net.Tests.Guests.PciEdu
{
    /// <summary>
    /// Drives the edu device attached as PCI_BASIC "edu0" through every part of the extension
    /// (docs/abi.md): identity from the info block and from configuration space, BAR0's description
    /// and registers, factorial with and without its interrupt, DMA both ways with byte checks, an
    /// interrupt reported by Yield (and none when nothing is pending, or when INTx is disabled), and
    /// an MSI, and, when the tender serves the device's MSI-X (hvt-devemu edu --msix 32), vectors
    /// through the bindings' MSI-X API (docs/abi.md §7). One line per passed step, then SUCCESS; the
    /// first mismatch prints what was expected and what came, and the guest exits 1. The manifest
    /// declares edu's 28 bits of DMA address, so the tender places the DMA window below 256 MiB and
    /// QEMU's default edu reaches it; pci-edu-wide.hvt declares none (window above 4 GiB: only an edu
    /// with 64 DMA address bits reaches it).
    /// </summary>
    public static class Program
    {
        private const ulong InterruptDeadline = 5_000_000_000UL;
        private const ulong QuietWait = 20_000_000UL;
        private const int DmaChunk = 256;
        private const uint RaisedBits = 0x0001_0000;
        private const byte MsiCapability = 0x05;
        private const ushort CommandMemory = 0x2, CommandBusMaster = 0x4, CommandIntxDisable = 0x400;
        private const ushort StatusInterrupt = 0x8;

        public static int Main(StartInfo start)
        {
            if (Solo5.PciAcquire("edu0", out PciDevice device) != Solo5Result.Ok)
            {
                Fail("acquire", "edu0 is not an attached PCI_BASIC device (or the tender has no PCI support)");
                return Solo5.ExitFailure;
            }
            var edu = new EduDriver(device);
            bool passed = Ids(device) && Bar0(device) && Identification(edu) && Liveness(edu)
                && Factorial(edu) && FactorialInterrupt(edu) && Dma(edu) && Interrupt(edu)
                && NoSpuriousWakeUp(edu) && IntxDisable(edu) && Msi(edu) && (!device.HasMsix || Msix(edu));
            if (!passed)
            {
                Solo5.ConsoleWrite("FAILURE\n");
                return Solo5.ExitFailure;
            }
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        private static bool Ids(PciDevice dev)
        {
            const string step = "ids";
            if (!Expect(step, "info vendor", EduDriver.Vendor, dev.VendorId)
                || !Expect(step, "info device", EduDriver.Device, dev.DeviceId)
                || !Expect(step, "info class/subclass: edu's 0x00/0xff", IsEduClass(dev))
                || !Expect(step, "info flags: an interrupt is wired", dev.HasInterrupt))
                return false;
            if (!Ok(step, "config read 0x00", dev.ConfigRead32(0x00, out uint ids))
                || !Expect(step, "config device:vendor", ((uint)EduDriver.Device << 16) | EduDriver.Vendor, ids))
                return false;
            uint classAndRevision = ((uint)dev.ClassCode << 24) | ((uint)dev.Subclass << 16) | ((uint)dev.ProgIf << 8) | dev.Revision;
            if (!Ok(step, "config read 0x08", dev.ConfigRead32(0x08, out uint classRegister))
                || !Expect(step, "config class/revision = info", classAndRevision, classRegister))
                return false;
            if (!Ok(step, "config read 0x2c", dev.ConfigRead32(0x2C, out uint subsystem))
                || !Expect(step, "config subsystem = info", ((uint)dev.SubsystemId << 16) | dev.SubsystemVendorId, subsystem))
                return false;
            Passed(step);
            return true;
        }

        /// <summary>edu is "unclassified, other": class 0x00, subclass 0xff (QEMU's and hvt-devemu's alike).</summary>
        private static bool IsEduClass(PciDevice dev) => dev.ClassCode == 0x00 && dev.Subclass == 0xFF;

        private static bool Bar0(PciDevice dev)
        {
            const string step = "bar0";
            PciBarInfo bar = dev.BarInfo(0);
            MmioRegion window = dev.Bar(0);
            if (!Expect(step, "present", bar.IsPresent)
                || !Expect(step, "memory space", !bar.IsIo)
                || !Expect(step, "size", EduDriver.RegisterWindowSize, bar.Size)
                || !Expect(step, "reachable (mapped or trapped)", bar.IsMapped || bar.IsTrapped)
                || !Expect(step, "window at or above 4 GiB", bar.Base >= 0x1_0000_0000UL)
                || !Expect(step, "window aligned to its size", 0, bar.Base & (bar.Size - 1))
                || !Expect(step, "register accessor base", bar.Base, window.GuestPhysicalAddress)
                || !Expect(step, "register accessor size", bar.Size, window.Size))
                return false;
            if (!Ok(step, "config read 0x10", dev.ConfigRead32(0x10, out uint register))
                || !Expect(step, "BAR register: memory", 0, register & 1)
                || !Expect(step, "BAR register holds the window address", (uint)bar.Base, register & ~0xFu)
                || !Expect(step, "BAR register 64-bit type = info", bar.Is64Bit, ((register >> 1) & 3) == 2)
                || !Expect(step, "BAR register prefetchable = info", bar.IsPrefetchable, (register & 8) != 0))
                return false;
            if (!Ok(step, "config read 0x04", dev.ConfigRead16(0x04, out ushort command))
                || !Expect(step, "memory decoding enabled by the tender", CommandMemory, (uint)(command & CommandMemory)))
                return false;
            Passed(step);
            return true;
        }

        private static bool Identification(EduDriver edu)
        {
            if (!Expect("identification", "register 0x00", EduDriver.ExpectedIdentification, edu.ReadIdentification())) return false;
            Passed("identification");
            return true;
        }

        private static bool Liveness(EduDriver edu)
        {
            if (!Expect("liveness", "inverse of 0x12345678", ~0x12345678u, edu.Liveness(0x12345678))
                || !Expect("liveness", "inverse of 0xa5a50f0f", ~0xA5A50F0Fu, edu.Liveness(0xA5A50F0F)))
                return false;
            Passed("liveness");
            return true;
        }

        private static bool Factorial(EduDriver edu)
        {
            const string step = "factorial";
            edu.SetFactorialInterrupt(false);
            edu.StartFactorial(10);
            if (!Expect(step, "finished", edu.TryReadFactorial(out uint result))
                || !Expect(step, "10!", 3628800, result)
                || !Expect(step, "interrupt status", 0, edu.ReadInterruptStatus()))
                return false;
            Solo5.Yield(0, out ulong ready);
            if (!Expect(step, "ready set without the interrupt bit", 0, ready)) return false;
            Passed(step);
            return true;
        }

        private static bool FactorialInterrupt(EduDriver edu)
        {
            const string step = "factorial interrupt";
            edu.SetFactorialInterrupt(true);
            edu.StartFactorial(12);
            bool woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + InterruptDeadline, out ulong ready);
            edu.SetFactorialInterrupt(false);
            if (!Expect(step, "ready set", edu.Pci.ReadyMask, ready)
                || !Expect(step, "woken by the device", woke)
                || !Expect(step, "interrupt status", EduDriver.FactorialInterrupt, edu.ReadInterruptStatus())
                || !Expect(step, "finished", edu.TryReadFactorial(out uint result))
                || !Expect(step, "12!", 479001600, result))
                return false;
            edu.AcknowledgeInterrupt(EduDriver.FactorialInterrupt);
            if (!Expect(step, "interrupt status after acknowledging", 0, edu.ReadInterruptStatus())) return false;
            Passed(step);
            return true;
        }

        /// <summary>Two distinct patterns into the device buffer (guest to device), both back in one
        /// transfer (device to guest) that raises the DMA interrupt; every byte compared.</summary>
        private static bool Dma(EduDriver edu)
        {
            const string step = "dma";
            DmaRegion dma = edu.Pci.Dma;
            if (!Expect(step, "DMA window of at least 64 KiB", dma.Size >= 64 * 1024)
                || !Ok(step, "enable bus mastering", edu.Pci.EnableBusMastering())
                || !Ok(step, "config read 0x04", edu.Pci.ConfigRead16(0x04, out ushort command))
                || !Expect(step, "bus master enable", CommandBusMaster, (uint)(command & CommandBusMaster)))
                return false;
            if (!dma.TryAllocate(DmaChunk, 64, out DmaBuffer first) || !dma.TryAllocate(DmaChunk, 64, out DmaBuffer second)
                || !dma.TryAllocate(2 * DmaChunk, 64, out DmaBuffer back))
                return Fail(step, "cannot allocate the buffers from the DMA window");

            Span<byte> a = first.Span, b = second.Span, got = back.Span;
            for (int i = 0; i < DmaChunk; i++)
            {
                a[i] = (byte)(i * 7 + 3);
                b[i] = (byte)(0xC5 ^ (i * 13));
            }
            got.Fill(0xEE);
            if (!Expect(step, "guest to device, first pattern finished",
                    edu.DmaToDevice(first.BusAddress, EduDriver.BufferAddress, DmaChunk, raiseInterrupt: false))
                || !Expect(step, "guest to device, second pattern finished",
                    edu.DmaToDevice(second.BusAddress, EduDriver.BufferAddress + DmaChunk, DmaChunk, raiseInterrupt: false))
                || !Expect(step, "device to guest finished",
                    edu.DmaFromDeviceTo(back.BusAddress, EduDriver.BufferAddress, 2 * DmaChunk, raiseInterrupt: true)))
                return false;
            bool woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + InterruptDeadline, out ulong ready);
            if (!Expect(step, "DMA interrupt ready set", edu.Pci.ReadyMask, ready) || !Expect(step, "woken by the device", woke)
                || !Expect(step, "interrupt status", EduDriver.DmaInterrupt, edu.ReadInterruptStatus()))
                return false;
            edu.AcknowledgeInterrupt(EduDriver.DmaInterrupt);
            for (int i = 0; i < 2 * DmaChunk; i++)
            {
                byte expected = i < DmaChunk ? a[i] : b[i - DmaChunk];
                if (!ExpectAt(step, "byte of the copy back", i, expected, got[i])) return false;
            }
            Passed(step);
            return true;
        }

        /// <summary>An interrupt raised through register 0x60 wakes Yield with exactly the device's bit.</summary>
        private static bool Interrupt(EduDriver edu)
        {
            const string step = "interrupt";
            Solo5.Yield(0, out ulong before);
            if (!Expect(step, "ready set before raising", 0, before)) return false;
            ulong start = Solo5.ClockMonotonic();
            edu.RaiseInterrupt(RaisedBits);
            bool woke = edu.WaitForInterrupt(start + InterruptDeadline, out ulong ready);
            ulong elapsed = Solo5.ClockMonotonic() - start;
            if (!Expect(step, "ready set", edu.Pci.ReadyMask, ready) || !Expect(step, "woken by the device", woke)
                || !Expect(step, "interrupt status", RaisedBits, edu.ReadInterruptStatus()))
                return false;
            edu.AcknowledgeInterrupt(RaisedBits);
            if (!Expect(step, "interrupt status after acknowledging", 0, edu.ReadInterruptStatus())) return false;
            Span<byte> line = stackalloc byte[128];
            new LineWriter(line).Append("edu: interrupt ok (woken by readiness after ").Append(elapsed / 1000)
                .Append(" us, deadline ").Append(InterruptDeadline / 1000).Append(" us)\n").WriteToConsole();
            return true;
        }

        /// <summary>With the interrupt acknowledged, a wait runs to its deadline with an empty ready set.</summary>
        private static bool NoSpuriousWakeUp(EduDriver edu)
        {
            const string step = "no spurious wake-up";
            ulong start = Solo5.ClockMonotonic();
            bool woke = edu.WaitForInterrupt(start + QuietWait, out ulong ready);
            if (!Expect(step, "woken by the device", false, woke) || !Expect(step, "ready set", 0, ready)) return false;
            Passed(step);
            return true;
        }

        /// <summary>INTx disabled in the command register: the device latches the cause and sets its
        /// interrupt status bit, but nothing reaches Yield.</summary>
        private static bool IntxDisable(EduDriver edu)
        {
            const string step = "intx disable";
            if (!Ok(step, "config read 0x04", edu.Pci.ConfigRead16(0x04, out ushort command))
                || !Ok(step, "set INTx disable", edu.Pci.ConfigWrite16(0x04, (ushort)(command | CommandIntxDisable))))
                return false;
            edu.RaiseInterrupt(RaisedBits);
            bool woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + QuietWait, out ulong ready);
            uint cause = edu.ReadInterruptStatus();
            bool statusOk = edu.Pci.ConfigRead16(0x06, out ushort status) == Solo5Result.Ok;
            edu.AcknowledgeInterrupt(RaisedBits);
            if (!Ok(step, "clear INTx disable", edu.Pci.ConfigWrite16(0x04, command))) return false;
            if (!Expect(step, "woken while INTx is disabled", false, woke) || !Expect(step, "ready set", 0, ready)
                || !Expect(step, "interrupt status", RaisedBits, cause)
                || !Expect(step, "config status read", statusOk)
                || !Expect(step, "config status: interrupt pending", StatusInterrupt, (uint)(status & StatusInterrupt)))
                return false;
            Passed(step);
            return true;
        }

        /// <summary>With MSI enabled in its capability the device signals each raise as a message
        /// (docs/abi.md §5: a vfio-user device follows its own MSI enable bit).</summary>
        private static bool Msi(EduDriver edu)
        {
            const string step = "msi";
            if (!Expect(step, "MSI capability in the list", edu.Pci.TryFindCapability(MsiCapability, out uint msi))
                || !Ok(step, "config read MSI control", edu.Pci.ConfigRead16(msi + 2, out ushort control))
                || !Ok(step, "enable MSI", edu.Pci.ConfigWrite16(msi + 2, (ushort)(control | 1))))
                return false;
            for (int round = 0; round < 2; round++)
            {
                edu.RaiseInterrupt(RaisedBits);
                bool woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + InterruptDeadline, out ulong ready);
                if (!Expect(step, "ready set", edu.Pci.ReadyMask, ready) || !Expect(step, "woken by the message", woke)
                    || !Expect(step, "interrupt status", RaisedBits, edu.ReadInterruptStatus()))
                    return false;
                edu.AcknowledgeInterrupt(RaisedBits);
            }
            if (!Ok(step, "disable MSI", edu.Pci.ConfigWrite16(msi + 2, control))) return false;
            Solo5.Yield(0, out ulong after);
            if (!Expect(step, "ready set after acknowledging", 0, after)) return false;
            Passed(step);
            return true;
        }

        /// <summary>
        /// MSI-X through the bindings (the edu model sends cause bit n as vector n): a vector wakes
        /// Yield and is named by TakeFiredVectors; a masked vector is held and delivered on unmask; a
        /// vector left masked by MsixEnable waits for its unmask; two vectors at once; more vectors
        /// than exist refused; and with MSI-X off the device is back on INTx with no vector reported.
        /// </summary>
        private static bool Msix(EduDriver edu)
        {
            const string step = "msix";
            PciDevice pci = edu.Pci;
            int count = pci.MsixVectorCount;
            if (!Expect(step, "vectors the tender serves", 32, (ulong)count)
                || !Expect(step, "enabling more vectors than exist is refused", pci.MsixEnable(count + 1) == Solo5Result.Invalid)
                || !Ok(step, "enable 16 vectors", pci.MsixEnable(16)))
                return false;
            if (!Fires(edu, step, "vector 3", 1u << 3, 1UL << 3)) return false;

            if (!Ok(step, "mask vector 3", pci.MsixMask(3))) return false;
            edu.RaiseInterrupt(1u << 3);
            bool woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + QuietWait, out ulong ready);
            if (!Expect(step, "woken by a masked vector", false, woke) || !Expect(step, "fired while masked", 0, pci.TakeFiredVectors())
                || !Ok(step, "unmask vector 3", pci.MsixUnmask(3))
                || !Delivered(edu, step, "pending vector 3 after unmasking", 1u << 3, 1UL << 3))
                return false;

            edu.RaiseInterrupt(1u << 20);
            woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + QuietWait, out ready);
            if (!Expect(step, "woken by vector 20, left masked by MsixEnable(16)", false, woke)
                || !Ok(step, "unmask vector 20", pci.MsixUnmask(20))
                || !Delivered(edu, step, "vector 20 after unmasking", 1u << 20, 1UL << 20))
                return false;

            if (!Fires(edu, step, "vectors 1 and 2 together", (1u << 1) | (1u << 2), (1UL << 1) | (1UL << 2))) return false;

            if (!Ok(step, "disable MSI-X", pci.MsixDisable())) return false;
            edu.RaiseInterrupt(RaisedBits);
            woke = edu.WaitForInterrupt(Solo5.ClockMonotonic() + InterruptDeadline, out ready);
            if (!Expect(step, "INTx again with MSI-X off", woke) || !Expect(step, "no vector reported for INTx", 0, pci.TakeFiredVectors()))
                return false;
            edu.AcknowledgeInterrupt(RaisedBits);

            Span<byte> line = stackalloc byte[64];
            new LineWriter(line).Append("edu: msix ok (").Append((ulong)count).Append(" vectors)\n").WriteToConsole();
            return true;
        }

        /// <summary>Raises <paramref name="cause"/> and expects Yield to wake with exactly <paramref name="vectors"/> fired.</summary>
        private static bool Fires(EduDriver edu, string step, string what, uint cause, ulong vectors)
        {
            edu.RaiseInterrupt(cause);
            return Delivered(edu, step, what, cause, vectors);
        }

        private static bool Delivered(EduDriver edu, string step, string what, uint cause, ulong vectors)
        {
            ulong deadline = Solo5.ClockMonotonic() + InterruptDeadline;
            bool woke = edu.WaitForInterrupt(deadline, out _);
            ulong fired = edu.Pci.TakeFiredVectors();
            // Vectors raised together are separate messages: the guest can wake between them.
            while (woke && (fired & vectors) != vectors && Solo5.ClockMonotonic() < deadline)
            {
                woke = edu.WaitForInterrupt(deadline, out _);
                fired |= edu.Pci.TakeFiredVectors();
            }
            if (!Expect(step, what, woke) || !Expect(step, what, vectors, fired)
                || !Expect(step, "interrupt status", cause, edu.ReadInterruptStatus()))
                return false;
            edu.AcknowledgeInterrupt(cause);
            return true;
        }
    }
}
