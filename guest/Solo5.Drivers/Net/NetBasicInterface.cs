using System;
using System.Runtime.CompilerServices;
using Solo5Net.Abi;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.Net
{
    /// <summary>A Solo5 NET_BASIC device (a host tap behind the tender) as a <see cref="NetworkInterface"/>:
    /// frames go through the NET_WRITE/NET_READ hypercalls (or the shared ring when the tender offers it).</summary>
    public sealed class NetBasicInterface : NetworkInterface
    {
        private readonly NetDevice _device;
        private readonly byte[] _rxFrame;
        private readonly ulong _mac;

        public NetBasicInterface(NetDevice device)
        {
            _device = device;
            _rxFrame = new byte[device.Mtu + NetDevice.EthernetHeaderLength];
            var mac = device.Mac;
            for (var i = 0; i < 6; i++) _mac = (_mac << 8) | mac[i];
        }

        public override string DriverName => "net";

        public override ulong Mac => _mac;

        public override int Mtu => _device.Mtu;

        /// <summary>A tap has no link state the guest can see: always up.</summary>
        public override bool LinkUp => true;

        public override ulong ReadyMask => 1UL << (int)_device.Handle;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            if (_device.Write(frame) == Solo5Result.Ok)
            {
                FramesSent++;
                return true;
            }
            TransmitDrops++;
            return false;
        }

        /// <summary>Nothing to flush: every frame was written at <see cref="Transmit"/>.</summary>
        public override void Flush()
        {
        }

        public override int Receive(FrameSink sink, int budget)
        {
            var done = 0;
            var buffer = _rxFrame.AsSpan();
            while (done < budget && _device.Read(buffer, out var length) == Solo5Result.Ok)
            {
                sink.Receive(buffer.Slice(0, length));
                done++;
            }
            FramesReceived += (ulong)done;
            return done;
        }

        /// <summary>A batch shorter than its budget ended on a read the tender answered "again".</summary>
        public override bool RepollWhenEmptied => false;

        /// <summary>NET_BASIC has no interrupt cause: readiness is the tap's.</summary>
        public override bool AcknowledgeInterrupt() => false;

        public override void Stop()
        {
        }
    }
}
