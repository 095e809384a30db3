using System;
using System.Threading;
using Solo5Net.Abi;
using Solo5Net.Drivers.Net;
using Solo5Net.Drivers.Timing;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.E1000
{
    /// <summary>
    /// A driver for the Intel 82540EM (e1000) in the ixy style: one receive and one transmit ring and
    /// their packet buffers carved once from the device's DMA window, frames handled in batches,
    /// registers touched as rarely as possible (each access leaves the guest). Receive: hardware owns
    /// RDH..RDT-1, one descriptor always stays with the driver, and taken descriptors go back with
    /// one RDT write once a quarter of the ring has been taken (<see cref="ReceiveRefill"/>), so an
    /// interrupt costs one exit (the ICR read) however few frames it brought. Transmit: frames are
    /// queued with <see cref="Transmit"/> and handed to the device together by <see cref="Flush"/>
    /// (one TDT write). Interrupts are moderated (ITR): at most one per 125 µs.
    /// </summary>
    public sealed unsafe class E1000Driver : NetworkInterface
    {
        public const ushort VendorIntel = 0x8086, Device82540EM = 0x100E;
        private const int RingSize = 256;
        private const int RingMask = RingSize - 1; // RingSize is a power of two
        private const int BufferSize = 2048;
        private const ulong ResetTimeout = 1_000_000_000UL;
        private const ulong LinkTimeout = 1_000_000_000UL;
        private const ulong LinkPollNanoseconds = 10_000_000UL;
        // Interrupt moderation: at most 8,000 interrupts a second (ITR), so frames that arrive close
        // together wake the guest once and are taken in one batch; a lone frame still interrupts at once.
        private const ulong InterruptIntervalNanoseconds = 125_000UL;

        private readonly PciDevice _device;
        private readonly MmioRegion _regs;
        private E1000RxDescriptor* _rx;
        private E1000TxDescriptor* _tx;
        private ulong _rxBuffers, _txBuffers;
        private int _rxNext;
        private readonly ReceiveRefill _rxRefill = new ReceiveRefill(RingSize);
        private int _txTail, _txClean;
        private bool _txPending;
        private ulong _mac;

        private E1000Driver(PciDevice device)
        {
            _device = device;
            _regs = device.Bar(0);
        }

        public override string DriverName => "e1000";

        public override ulong Mac => _mac;

        public override int Mtu => 1500;

        /// <summary>The device's bit in a Yield ready set (its interrupt).</summary>
        public override ulong ReadyMask => _device.ReadyMask;

        /// <summary>The device is an 82540EM.</summary>
        public static bool Matches(PciDevice device) => device.VendorId == VendorIntel && device.DeviceId == Device82540EM;

        /// <summary>Resets and starts the device; null with <paramref name="error"/> set if it cannot.</summary>
        public static E1000Driver Start(PciDevice device, out string error)
        {
            error = null;
            if (!Matches(device)) error = "not an 82540EM (e1000)";
            else if (device.Bar(0).Size < 0x20000) error = "BAR0 is not a mapped 128 KiB register window";
            else if (device.EnableBusMastering() != Solo5Result.Ok) error = "cannot enable bus mastering";
            if (error != null) return null;
            var driver = new E1000Driver(device);
            error = driver.Initialize();
            if (error != null) return null;
            driver.WaitForLink();
            return driver;
        }

        /// <summary>Gives auto-negotiation up to a second (emulated devices report link at once);
        /// a link that comes up later is simply used then.</summary>
        private void WaitForLink()
        {
            var deadline = Deadline.After(LinkTimeout);
            while (!LinkUp && !deadline.HasPassed)
                Solo5.Yield(Solo5.ClockMonotonic() + LinkPollNanoseconds, out _);
        }

        private string Initialize()
        {
            _regs.Write32(E1000Registers.Imc, 0xFFFF_FFFF);
            _regs.Write32(E1000Registers.Ctrl, _regs.Read32(E1000Registers.Ctrl) | E1000Registers.CtrlReset);
            var deadline = Deadline.After(ResetTimeout);
            while ((_regs.Read32(E1000Registers.Ctrl) & E1000Registers.CtrlReset) != 0)
                if (deadline.HasPassed) return "device did not come out of reset";
            _regs.Write32(E1000Registers.Imc, 0xFFFF_FFFF);
            _regs.Read32(E1000Registers.Icr);

            uint low = _regs.Read32(E1000Registers.Ral0), high = _regs.Read32(E1000Registers.Rah0);
            _mac = ((ulong)(low & 0xFF) << 40) | ((ulong)((low >> 8) & 0xFF) << 32)
                | ((ulong)((low >> 16) & 0xFF) << 24) | ((ulong)(low >> 24) << 16)
                | ((ulong)(high & 0xFF) << 8) | ((high >> 8) & 0xFF);
            _regs.Write32(E1000Registers.Rah0, high | E1000Registers.RahAddressValid);
            for (var i = 0; i < E1000Registers.MtaEntries; i++) _regs.Write32(E1000Registers.Mta + (ulong)(4 * i), 0);

            var dma = _device.Dma;
            if (!dma.TryAllocate(RingSize * 16, 128, out var rxRing) || !dma.TryAllocate(RingSize * 16, 128, out var txRing)
                || !dma.TryAllocate(RingSize * BufferSize, BufferSize, out var rxBuffers)
                || !dma.TryAllocate(RingSize * BufferSize, BufferSize, out var txBuffers))
                return "DMA window too small (needs about 1.1 MiB; use --pci-dma)";
            _rx = (E1000RxDescriptor*)rxRing.Pointer;
            _tx = (E1000TxDescriptor*)txRing.Pointer;
            _rxBuffers = rxBuffers.BusAddress;
            _txBuffers = txBuffers.BusAddress;

            for (var i = 0; i < RingSize; i++) _rx[i].BufferAddress = _rxBuffers + (ulong)(i * BufferSize);
            _regs.Write32(E1000Registers.Rdbal, (uint)rxRing.BusAddress);
            _regs.Write32(E1000Registers.Rdbah, (uint)(rxRing.BusAddress >> 32));
            _regs.Write32(E1000Registers.Rdlen, RingSize * 16);
            _regs.Write32(E1000Registers.Rdh, 0);
            _regs.Write32(E1000Registers.Rdt, RingSize - 1);
            _regs.Write32(E1000Registers.Rctl,
                E1000Registers.RctlEnable | E1000Registers.RctlBroadcast | E1000Registers.RctlStripCrc);

            for (var i = 0; i < RingSize; i++)
            {
                _tx[i].BufferAddress = _txBuffers + (ulong)(i * BufferSize);
                _tx[i].Status = E1000TxDescriptor.StatusDone;
            }
            _regs.Write32(E1000Registers.Tdbal, (uint)txRing.BusAddress);
            _regs.Write32(E1000Registers.Tdbah, (uint)(txRing.BusAddress >> 32));
            _regs.Write32(E1000Registers.Tdlen, RingSize * 16);
            _regs.Write32(E1000Registers.Tdh, 0);
            _regs.Write32(E1000Registers.Tdt, 0);
            _regs.Write32(E1000Registers.Tipg, E1000Registers.TipgDefault);
            _regs.Write32(E1000Registers.Tctl, E1000Registers.TctlEnable | E1000Registers.TctlPadShort
                | E1000Registers.TctlCollisionThreshold | E1000Registers.TctlCollisionDistance);

            _regs.Write32(E1000Registers.Ctrl,
                _regs.Read32(E1000Registers.Ctrl) | E1000Registers.CtrlSlu | E1000Registers.CtrlAsde);
            _regs.Write32(E1000Registers.Itr, (uint)(InterruptIntervalNanoseconds / E1000Registers.ItrUnitNanoseconds));
            _regs.Write32(E1000Registers.Ims, E1000Registers.IntRxt0 | E1000Registers.IntLsc);
            return null;
        }

        public override bool LinkUp => (_regs.Read32(E1000Registers.Status) & E1000Registers.StatusLinkUp) != 0;

        /// <summary>Reads and thereby clears the interrupt cause register (deasserting the line).</summary>
        public override bool AcknowledgeInterrupt()
        {
            _regs.Read32(E1000Registers.Icr);
            return true;
        }

        /// <summary>Masks every interrupt and resets the MAC: the device stops all DMA.</summary>
        public override void Stop()
        {
            _regs.Write32(E1000Registers.Imc, 0xFFFF_FFFF);
            _regs.Write32(E1000Registers.Ctrl, _regs.Read32(E1000Registers.Ctrl) | E1000Registers.CtrlReset);
        }

        /// <summary>Hands up to <paramref name="budget"/> received frames to <paramref name="sink"/>;
        /// their descriptors go back to the device with one tail write once a quarter of the ring
        /// has been taken since the last (the device keeps the other three quarters). Returns how many.</summary>
        public override int Receive(FrameSink sink, int budget)
        {
            var done = 0;
            while (done < budget)
            {
                E1000RxDescriptor* d = _rx + _rxNext;
                byte status = Volatile.Read(ref d->Status);
                if ((status & E1000RxDescriptor.StatusDone) == 0) break;
                // Frames longer than one buffer (never with a 1500 MTU and 2048-byte buffers) are dropped.
                if ((status & E1000RxDescriptor.StatusEndOfPacket) != 0 && d->Errors == 0 && d->Length <= BufferSize)
                {
                    sink.Receive(new Span<byte>((void*)(_rxBuffers + (ulong)(_rxNext * BufferSize)), d->Length));
                    FramesReceived++;
                }
                d->Status = 0;
                _rxNext = (_rxNext + 1) & RingMask;
                done++;
            }
            if (done > 0 && _rxRefill.Consumed(done))
                _regs.Write32(E1000Registers.Rdt, (uint)((_rxNext + RingSize - 1) & RingMask));
            return done;
        }

        /// <summary>Copies the frame into the next transmit buffer; the device sees it at
        /// <see cref="Flush"/>. False (frame dropped) when every descriptor is still in flight.</summary>
        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            if (frame.Length > BufferSize) return false;
            var next = (_txTail + 1) & RingMask;
            if (next == _txClean)
            {
                Reclaim();
                if (next == _txClean)
                {
                    Flush();
                    TransmitDrops++;
                    return false;
                }
            }
            E1000TxDescriptor* d = _tx + _txTail;
            ByteCopy.Copy(frame, new Span<byte>((void*)d->BufferAddress, frame.Length));
            d->Length = (ushort)frame.Length;
            d->Command = E1000TxDescriptor.CommandEndOfPacket | E1000TxDescriptor.CommandInsertFcs
                | E1000TxDescriptor.CommandReportStatus;
            d->Status = 0;
            _txTail = next;
            _txPending = true;
            FramesSent++;
            return true;
        }

        /// <summary>Publishes queued frames with one write of the transmit tail.</summary>
        public override void Flush()
        {
            if (!_txPending) return;
            _txPending = false;
            _regs.Write32(E1000Registers.Tdt, (uint)_txTail);
        }

        private void Reclaim()
        {
            while (_txClean != _txTail && (Volatile.Read(ref _tx[_txClean].Status) & E1000TxDescriptor.StatusDone) != 0)
                _txClean = (_txClean + 1) & RingMask;
        }
    }
}
