namespace Solo5Net.Drivers.Net
{
    /// <summary>
    /// When a receive ring's consumed buffers go back to the device. Handing them back is a register
    /// write (a VM exit), so it is not done after every batch but once a quarter of the ring has been
    /// consumed since the last hand-back: the device never has more than a quarter of the ring
    /// withheld, and keeps the rest of its buffers (less the frames it filled that the driver has not
    /// yet taken). Pure counting, so the host tests compile this file unchanged (tests/Guest.Tests/Drivers).
    /// </summary>
    internal sealed class ReceiveRefill
    {
        /// <param name="ringSize">Descriptors in the ring (at least 1).</param>
        public ReceiveRefill(int ringSize) => Batch = ringSize >= 4 ? ringSize / 4 : 1;

        /// <summary>Consumed buffers not yet handed back.</summary>
        public int Held { get; private set; }

        /// <summary>How many consumed buffers make one hand-back.</summary>
        public int Batch { get; }

        /// <summary>Notes <paramref name="count"/> more consumed buffers; true when the caller should
        /// hand every held buffer back now (one register write), which this then counts as done.</summary>
        public bool Consumed(int count)
        {
            Held += count;
            if (Held < Batch) return false;
            Held = 0;
            return true;
        }
    }
}
