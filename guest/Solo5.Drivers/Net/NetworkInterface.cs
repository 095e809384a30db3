using System;

namespace Solo5Net.Drivers.Net
{
    /// <summary>
    /// One network interface card as a unikernel's stack sees it, whatever drives it (e1000,
    /// virtio-net, Solo5 NET_BASIC). Frames are whole Ethernet frames without FCS. The owner runs
    /// the loop: <see cref="Receive"/> a batch, <see cref="Transmit"/> replies, <see cref="Flush"/>,
    /// and when nothing arrived <see cref="AcknowledgeInterrupt"/> before sleeping in
    /// <c>Solo5.Yield</c> on <see cref="ReadyMask"/>. No interface dispatch in the guest runtime,
    /// hence an abstract class.
    /// </summary>
    public abstract class NetworkInterface
    {
        /// <summary>Short name of the driver for messages ("e1000", "virtio-net", "net").</summary>
        public abstract string DriverName { get; }

        /// <summary>The 48-bit MAC address, first octet most significant.</summary>
        public abstract ulong Mac { get; }

        /// <summary>Largest IP packet the link carries (Ethernet payload), normally 1500.</summary>
        public abstract int Mtu { get; }

        public abstract bool LinkUp { get; }

        /// <summary>The device's bit(s) in a <c>Solo5.Yield</c> ready set.</summary>
        public abstract ulong ReadyMask { get; }

        /// <summary>Hands up to <paramref name="budget"/> received frames to <paramref name="sink"/>
        /// (each span valid only during the call) and gives their buffers back to the device.
        /// Returns how many frames were taken off the device.</summary>
        public abstract int Receive(FrameSink sink, int budget);

        /// <summary>Queues one frame for sending (copied before returning); the device may see it
        /// only at <see cref="Flush"/>. False when the transmit queue is full: the frame is dropped.</summary>
        public abstract bool Transmit(ReadOnlySpan<byte> frame);

        /// <summary>Whether to look at the receive queue again after a batch that ended on an empty
        /// queue, rather than go to sleep. True where a look costs a few loads of guest memory (a
        /// descriptor ring). False where each look is a request to the host that an empty queue answers
        /// with "again" (NET_BASIC): there the owner goes to <c>Solo5.Yield</c>, which returns at once
        /// when a frame is waiting.</summary>
        public virtual bool RepollWhenEmptied => true;

        /// <summary>Hands queued frames to the device (one doorbell for the batch).</summary>
        public abstract void Flush();

        /// <summary>Clears the device's interrupt cause so that its next event interrupts again.
        /// True when there was a cause to clear: the caller then looks at the receive queue once
        /// more before sleeping (a frame that arrived just before is seen now). False for devices
        /// without one (then sleep at once).</summary>
        public abstract bool AcknowledgeInterrupt();

        /// <summary>Stops the device (a reset where the device has one); the interface is unusable afterwards.</summary>
        public abstract void Stop();

        public ulong FramesReceived { get; protected set; }
        public ulong FramesSent { get; protected set; }
        public ulong TransmitDrops { get; protected set; }
    }
}
