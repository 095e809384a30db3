using System.Buffers.Binary;
using Solo5Net.DevEmu.E1000;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// A vfio-user client driving an hvt-devemu e1000 as a minimal guest driver would: its rings and
/// buffers in a memfd shared with DMA_MAP, eight receive descriptors handed to the device, frames
/// sent one descriptor each.
/// </summary>
public sealed class E1000TestClient : IDisposable
{
    private const ulong Iova = 0x1_0000_0000;
    private const ulong RxRing = 0x0, TxRing = 0x800, RxBuffers = 0x1000, TxBuffers = 0x8000;
    private const int RxDescriptors = 8, TxDescriptors = 8;

    private readonly ClientMemory _memory = new(0x10000);
    private readonly VfioUserClient _client;
    private uint _txTail, _rxNext;

    public E1000TestClient(string socketPath, bool receive = true)
    {
        _client = VfioUserClient.Connect(socketPath);
        try
        {
            _client.Negotiate();
            _client.RegionWrite32(PciRegion.Config, 0x10, 0xFEB00000);
            _client.RegionWrite(PciRegion.Config, 4, [0x06, 0x00]);
            _client.DmaMap(_memory.Fd, 0, Iova, _memory.Size, DmaProtection.Read | DmaProtection.Write);
            BringUp(receive ? RxDescriptors - 1u : 0u);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The address the device reads from its EEPROM (RAL0/RAH0).</summary>
    public byte[] Mac
    {
        get
        {
            var mac = new byte[6];
            BinaryPrimitives.WriteUInt32LittleEndian(mac, Read(Reg.RAL0));
            BinaryPrimitives.WriteUInt16LittleEndian(mac.AsSpan(4), (ushort)Read(Reg.RAH0));
            return mac;
        }
    }

    /// <summary>Frames the device dropped for want of receive descriptors (MPC, read-to-clear, summed).</summary>
    public long Missed { get; private set; }

    public void Send(byte[] frame)
    {
        ulong buffer = TxBuffers + _txTail * 0x800;
        _memory.Write(buffer, frame);
        SendFrom(Iova + buffer, frame.Length);
    }

    /// <summary>Queues a frame of <paramref name="length"/> bytes at device address <paramref name="iova"/>
    /// (which a hostile driver may point anywhere).</summary>
    public void SendFrom(ulong iova, int length)
    {
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, iova);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(8), (ushort)length);
        descriptor[11] = 0x01 | 0x02 | 0x08;  // EOP | IFCS | RS
        _memory.Write(TxRing + _txTail * 16, descriptor);
        _txTail = (_txTail + 1) % TxDescriptors;
        Write(Reg.TDT, _txTail);
    }

    /// <summary>The next received frame, waiting up to about 5 s; null if none came. Its descriptor is
    /// handed back to the device.</summary>
    public byte[]? Receive(int attempts = 250)
    {
        ulong at = RxRing + _rxNext * 16;
        for (int i = 0; i < attempts && (_memory.Read(at + 12, 1)[0] & 0x01) == 0; i++) Thread.Sleep(20);
        var descriptor = _memory.Read(at, 16);
        if ((descriptor[12] & 0x01) == 0) return null;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(8));
        var frame = _memory.Read(RxBuffers + _rxNext * 0x800, length);
        _memory.Write(at + 12, [0]);
        Write(Reg.RDT, _rxNext);
        _rxNext = (_rxNext + 1) % RxDescriptors;
        return frame;
    }

    /// <summary>Every frame received until none arrives for a while.</summary>
    public List<byte[]> ReceiveAll(int quietAttempts = 25)
    {
        var frames = new List<byte[]>();
        while (Receive(quietAttempts) is { } frame) frames.Add(frame);
        return frames;
    }

    public long ReadMissed() => Missed += Read(Reg.MPC);

    /// <summary>Takes the shared memory away from the device while its rings still point into it.</summary>
    public void UnmapMemory() => _client.DmaUnmap(Iova, _memory.Size);

    public void Dispose()
    {
        _client.Dispose();
        _memory.Dispose();
    }

    private void BringUp(uint rxTail)
    {
        Write(Reg.CTRL, Reg.CTRL_SLU);
        for (int i = 0; i < RxDescriptors; i++)
        {
            var descriptor = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor, Iova + RxBuffers + (ulong)i * 0x800);
            _memory.Write(RxRing + (ulong)i * 16, descriptor);
        }
        Write(Reg.RDBAL, unchecked((uint)(Iova + RxRing)));
        Write(Reg.RDBAH, (uint)((Iova + RxRing) >> 32));
        Write(Reg.RDLEN, RxDescriptors * 16);
        Write(Reg.RDH, 0);
        Write(Reg.RDT, rxTail);
        Write(Reg.TDBAL, unchecked((uint)(Iova + TxRing)));
        Write(Reg.TDBAH, (uint)((Iova + TxRing) >> 32));
        Write(Reg.TDLEN, TxDescriptors * 16);
        Write(Reg.TDH, 0);
        Write(Reg.TDT, 0);
        Write(Reg.TCTL, Reg.TCTL_EN | Reg.TCTL_PSP);
        Write(Reg.RCTL, Reg.RCTL_EN | Reg.RCTL_BAM | Reg.RCTL_SECRC);
    }

    private void Write(int register, uint value) => _client.RegionWrite32(0, (ulong)register, value);

    private uint Read(int register) => _client.RegionRead32(0, (ulong)register);
}
