using System;
using Solo5Net.Abi;
using Solo5Net.Drivers.Net;
using Solo5Net.Drivers.Timing;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// A virtio-net driver over the modern (virtio 1.x) PCI transport (docs/virtio-net.md §7): one
    /// receive and one transmit split virtqueue in the device's DMA window, one descriptor per
    /// buffer. Receive buffers go back to the device in batches (one avail-index store per
    /// <see cref="Receive"/>, and a doorbell only if the device wants one: hvt-devemu's receive queue
    /// asks for none); transmitted buffers are reclaimed when the queue runs
    /// short, and the transmit queue asks for no interrupts. Interrupts (<see cref="Interrupts"/>):
    /// MSI-X with a vector per queue and one for configuration changes when the tender serves the
    /// device's MSI-X, else INTx (reading the ISR acknowledges it), else none (polling). A
    /// configuration interrupt with DEVICE_NEEDS_RESET set makes the driver reset and restart the device.
    /// </summary>
    public sealed unsafe class VirtioNetDriver : NetworkInterface
    {
        private const ushort MaxQueueSize = 256;
        private const int BufferSize = 2048;
        private const int DefaultMtu = 1500;
        private const ulong ResetTimeout = 1_000_000_000UL;
        private const ushort ReceiveQueue = 0, TransmitQueue = 1;
        // MSI-X vectors wanted: one per queue and one for configuration changes (fewer served: shared).
        private const int ReceiveVector = 0, TransmitVector = 1, ConfigVector = 2, WantedVectors = 3;
        private const ulong WantedFeatures = VirtioPci.FeatureVersion1 | VirtioPci.FeatureAccessPlatform
            | VirtioPci.FeatureNetMac | VirtioPci.FeatureNetMtu | VirtioPci.FeatureNetStatus;

        private readonly PciDevice _device;
        private VirtioRegisterBlock _common, _notify, _isr, _config;
        private SplitVirtqueue _rx, _tx;
        private ulong _rxDoorbell, _txDoorbell;
        private DescriptorFreeList _txFree;
        private ushort _rxVector, _txVector, _configVector;
        private ulong _features;
        private ulong _mac;
        private int _mtu;

        private VirtioNetDriver(PciDevice device) => _device = device;

        public override string DriverName => "virtio-net";

        public override ulong Mac => _mac;

        public override int Mtu => _mtu;

        /// <summary>From the device's status field when STATUS was negotiated; otherwise always up.</summary>
        public override bool LinkUp => (_features & VirtioPci.FeatureNetStatus) == 0
            || (_config.Read16(VirtioPci.NetConfigStatus) & VirtioPci.NetStatusLinkUp) != 0;

        /// <summary>The device's bit in a Yield ready set (INTx or any of its MSI-X vectors).</summary>
        public override ulong ReadyMask => _device.ReadyMask;

        /// <summary>How the device's events reach the driver: chosen at start, MSI-X falling back to
        /// INTx if the device refuses a vector (it then reads NO_VECTOR back).</summary>
        public VirtioInterrupts Interrupts { get; private set; }

        /// <summary>Features both sides agreed on.</summary>
        public ulong Features => _features;

        /// <summary>How often the device asked to be reset (DEVICE_NEEDS_RESET) and was restarted.</summary>
        public ulong DeviceResets { get; private set; }

        /// <summary>A modern virtio-net (1af4:1041) or a transitional one (1af4:1000, subsystem 1).</summary>
        public static bool Matches(PciDevice device) =>
            device.VendorId == VirtioPci.VendorId
            && (device.DeviceId == VirtioPci.ModernNetDeviceId
                || (device.DeviceId == VirtioPci.TransitionalNetDeviceId && device.SubsystemId == VirtioPci.TransitionalNetSubsystemId));

        /// <summary>Finds the transport, negotiates, sets up both queues and starts the device;
        /// null with <paramref name="error"/> set if any step fails (the device is then reset).</summary>
        public static VirtioNetDriver Start(PciDevice device, out string error)
        {
            error = null;
            if (!Matches(device)) error = "not a virtio-net device";
            else if (device.EnableBusMastering() != Solo5Result.Ok) error = "cannot enable bus mastering";
            if (error != null) return null;
            var driver = new VirtioNetDriver(device);
            error = VirtioCapabilities.Find(device, out driver._common, out driver._notify, out driver._isr, out driver._config);
            if (error == null)
            {
                driver.ChooseInterrupts();
                error = driver.Initialize(allocate: true);
            }
            if (error == null) return driver;
            if (driver._common.IsPresent) driver.ResetDevice();
            return null;
        }

        private string Initialize(bool allocate)
        {
            if (!ResetDevice()) return "device did not come out of reset";
            SetStatus(VirtioPci.StatusAcknowledge);
            SetStatus(VirtioPci.StatusDriver);

            ulong offered = ReadDeviceFeatures();
            if ((offered & VirtioPci.FeatureVersion1) == 0) return "device does not offer VERSION_1 (legacy-only devices are not supported)";
            _features = offered & WantedFeatures;
            _common.Write32(VirtioPci.DriverFeatureSelect, 0);
            _common.Write32(VirtioPci.DriverFeature, (uint)_features);
            _common.Write32(VirtioPci.DriverFeatureSelect, 1);
            _common.Write32(VirtioPci.DriverFeature, (uint)(_features >> 32));
            SetStatus(VirtioPci.StatusFeaturesOk);
            if ((_common.Read8(VirtioPci.DeviceStatus) & VirtioPci.StatusFeaturesOk) == 0) return "device refused the negotiated features";

            ReadDeviceConfig();
            MapVector(VirtioPci.ConfigMsixVector, _configVector);
            if (allocate)
            {
                var error = AllocateQueues();
                if (error != null) return error;
            }
            else
            {
                _rx.Clear();
                _tx.Clear();
            }
            var queueError = StartQueue(ReceiveQueue, _rx, out _rxDoorbell);
            if (queueError == null) queueError = StartQueue(TransmitQueue, _tx, out _txDoorbell);
            if (queueError != null) return queueError;

            _tx.SuppressInterrupts();
            _txFree.Reset();
            for (ushort i = 0; i < _rx.Size; i++) _rx.Offer(i, BufferSize, deviceWrites: true);
            _rx.Publish();

            SetStatus(VirtioPci.StatusDriverOk);
            if ((_common.Read8(VirtioPci.DeviceStatus) & VirtioPci.StatusNeedsReset) != 0) return "device needs a reset right after start";
            _notify.Write16(_rxDoorbell, ReceiveQueue);
            return null;
        }

        private ulong ReadDeviceFeatures()
        {
            _common.Write32(VirtioPci.DeviceFeatureSelect, 0);
            ulong low = _common.Read32(VirtioPci.DeviceFeature);
            _common.Write32(VirtioPci.DeviceFeatureSelect, 1);
            return low | (ulong)_common.Read32(VirtioPci.DeviceFeature) << 32;
        }

        /// <summary>MAC and MTU from the device configuration when negotiated. Without MAC the
        /// driver makes a locally administered address from the device's PCI location.</summary>
        private void ReadDeviceConfig()
        {
            var haveConfig = _config.IsPresent && _config.Length >= VirtioPci.NetConfigLength;
            if ((_features & VirtioPci.FeatureNetMac) != 0 && haveConfig)
            {
                _mac = 0;
                for (ulong i = 0; i < 6; i++) _mac = (_mac << 8) | _config.Read8(VirtioPci.NetConfigMac + i);
            }
            else
            {
                _mac = 0x0200_0000_0000UL | ((ulong)_device.Bus << 16) | ((ulong)_device.Device << 8) | _device.Function;
            }
            _mtu = DefaultMtu;
            if ((_features & VirtioPci.FeatureNetMtu) != 0 && haveConfig)
            {
                int mtu = _config.Read16(VirtioPci.NetConfigMtu);
                // Buffers hold 1500-byte payloads: a larger device MTU is used as 1500.
                if (mtu >= 68 && mtu < DefaultMtu) _mtu = mtu;
            }
            if (!haveConfig) _features &= ~VirtioPci.FeatureNetStatus;
        }

        private string AllocateQueues()
        {
            ushort rxSize = QueueSize(ReceiveQueue), txSize = QueueSize(TransmitQueue);
            if (rxSize == 0 || txSize == 0) return "device has no receive or transmit queue";
            _rx = VirtqueueAllocation.Allocate(_device.Dma, rxSize, BufferSize);
            _tx = VirtqueueAllocation.Allocate(_device.Dma, txSize, BufferSize);
            if (_rx == null || _tx == null) return "DMA window too small (needs about 1.1 MiB; use --pci-dma)";
            _txFree = new DescriptorFreeList(txSize);
            return null;
        }

        /// <summary>The queue size to use: the device's maximum, at most 256, rounded down to a power of two.</summary>
        private ushort QueueSize(ushort queue)
        {
            _common.Write16(VirtioPci.QueueSelect, queue);
            int max = _common.Read16(VirtioPci.QueueSize);
            if (max > MaxQueueSize) max = MaxQueueSize;
            int size = 1;
            while (size * 2 <= max) size *= 2;
            return max == 0 ? (ushort)0 : (ushort)size;
        }

        private string StartQueue(ushort queue, SplitVirtqueue q, out ulong doorbell)
        {
            doorbell = 0;
            _common.Write16(VirtioPci.QueueSelect, queue);
            _common.Write16(VirtioPci.QueueSize, q.Size);
            // 64-bit fields as two 32-bit halves, which every device accepts.
            _common.Write32(VirtioPci.QueueDescLow, (uint)q.TableAddress);
            _common.Write32(VirtioPci.QueueDescHigh, (uint)(q.TableAddress >> 32));
            _common.Write32(VirtioPci.QueueDriverLow, (uint)q.DriverAddress);
            _common.Write32(VirtioPci.QueueDriverHigh, (uint)(q.DriverAddress >> 32));
            _common.Write32(VirtioPci.QueueDeviceLow, (uint)q.DeviceAddress);
            _common.Write32(VirtioPci.QueueDeviceHigh, (uint)(q.DeviceAddress >> 32));
            ulong at = (ulong)_common.Read16(VirtioPci.QueueNotifyOff) * _notify.NotifyOffMultiplier;
            if (at > _notify.Length || _notify.Length - at < 2) return "queue doorbell outside the notify capability";
            doorbell = at;
            MapVector(VirtioPci.QueueMsixVector, queue == ReceiveQueue ? _rxVector : _txVector);
            _common.Write16(VirtioPci.QueueEnable, 1);
            return null;
        }

        /// <summary>MSI-X when the tender serves it for this device (host feature, PCI_INFO_MSIX, the
        /// capability): up to three vectors enabled, unmasked. Else INTx when the tender wired it, else polling.</summary>
        private void ChooseInterrupts()
        {
            int vectors = _device.MsixVectorCount;
            if (vectors > WantedVectors) vectors = WantedVectors;
            if (vectors >= 1 && _device.MsixEnable(vectors) == Solo5Result.Ok)
            {
                Interrupts = VirtioInterrupts.Msix;
                _rxVector = (ushort)(ReceiveVector < vectors ? ReceiveVector : vectors - 1);
                _txVector = (ushort)(TransmitVector < vectors ? TransmitVector : vectors - 1);
                _configVector = (ushort)(ConfigVector < vectors ? ConfigVector : vectors - 1);
                return;
            }
            Interrupts = _device.HasInterrupt ? VirtioInterrupts.Intx : VirtioInterrupts.Polling;
        }

        /// <summary>Writes an MSI-X vector register (config_msix_vector, or the selected queue's
        /// queue_msix_vector) and reads it back: a device that cannot map it reads NO_VECTOR, and the
        /// driver then gives MSI-X up for INTx (docs/virtio-net.md §3).</summary>
        private void MapVector(ulong register, ushort vector)
        {
            if (Interrupts != VirtioInterrupts.Msix) return;
            _common.Write16(register, vector);
            if (_common.Read16(register) == vector) return;
            _device.MsixDisable();
            Interrupts = _device.HasInterrupt ? VirtioInterrupts.Intx : VirtioInterrupts.Polling;
        }

        private void SetStatus(byte bit) => _common.Write8(VirtioPci.DeviceStatus, (byte)(_common.Read8(VirtioPci.DeviceStatus) | bit));

        /// <summary>Writes 0 to the status and waits for the device to read back 0.</summary>
        private bool ResetDevice()
        {
            _common.Write8(VirtioPci.DeviceStatus, 0);
            var deadline = Deadline.After(ResetTimeout);
            while (true)
            {
                if (_common.Read8(VirtioPci.DeviceStatus) == 0) return true;
                if (deadline.HasPassed) return false;
            }
        }

        public override int Receive(FrameSink sink, int budget)
        {
            var done = 0;
            while (done < budget && _rx.TryTakeUsed(out var id, out var length))
            {
                if (length > VirtioPci.NetHeaderSize && length <= BufferSize)
                {
                    sink.Receive(new Span<byte>(_rx.Buffer(id) + VirtioPci.NetHeaderSize, (int)length - VirtioPci.NetHeaderSize));
                    FramesReceived++;
                }
                _rx.Offer(id, BufferSize, deviceWrites: true);
                done++;
            }
            if (_rx.Publish() && _rx.DeviceWantsNotification) _notify.Write16(_rxDoorbell, ReceiveQueue);
            return done;
        }

        /// <summary>Copies header and frame into a free transmit buffer; the device sees it at
        /// <see cref="Flush"/>. False (dropped) when every buffer is still with the device.</summary>
        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            if (frame.Length > BufferSize - VirtioPci.NetHeaderSize) return false;
            if (_txFree.Count == 0) _txFree.Reclaim(_tx);
            if (!_txFree.TryTake(out var id))
            {
                Flush();
                TransmitDrops++;
                return false;
            }
            byte* buffer = _tx.Buffer(id);
            *(ulong*)buffer = 0;                 // flags, gso_type, hdr_len, gso_size: no offloads
            *(uint*)(buffer + 8) = 0;            // csum_start, csum_offset (num_buffers is the device's)
            ByteCopy.Copy(frame, new Span<byte>(buffer + VirtioPci.NetHeaderSize, frame.Length));
            _tx.Offer(id, (uint)(VirtioPci.NetHeaderSize + frame.Length), deviceWrites: false);
            FramesSent++;
            return true;
        }

        /// <summary>Publishes queued frames with one avail-index store and one doorbell (unless the
        /// device asked for none).</summary>
        public override void Flush()
        {
            if (_tx.Publish() && _tx.DeviceWantsNotification) _notify.Write16(_txDoorbell, TransmitQueue);
        }

        /// <summary>With MSI-X: takes the fired vectors (messages need no acknowledging, so false:
        /// sleep at once, unless the device was restarted). Otherwise reads (and thereby clears) the
        /// ISR, deasserting INTx. A configuration change with DEVICE_NEEDS_RESET set restarts the device.</summary>
        public override bool AcknowledgeInterrupt()
        {
            if (Interrupts == VirtioInterrupts.Msix)
            {
                ulong fired = _device.TakeFiredVectors();
                if ((fired & (1UL << _configVector)) == 0 || (_common.Read8(VirtioPci.DeviceStatus) & VirtioPci.StatusNeedsReset) == 0)
                    return false;
                Restart();
                return true;
            }
            byte cause = _isr.Read8(0);
            if ((cause & VirtioPci.IsrConfig) != 0 && (_common.Read8(VirtioPci.DeviceStatus) & VirtioPci.StatusNeedsReset) != 0)
                Restart();
            return true;
        }

        /// <summary>Resets the device: it stops all DMA and forgets the queues.</summary>
        public override void Stop() => ResetDevice();

        private void Restart()
        {
            DeviceResets++;
            if (Initialize(allocate: false) != null) ResetDevice();
        }
    }
}
