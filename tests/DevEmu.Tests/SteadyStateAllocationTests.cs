using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Edu;
using Solo5Net.DevEmu.Net.Switch;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// hvt-devemu is a long-lived server: once warmed up, serving a vfio-user request and passing a frame
/// through the switch allocate nothing (docs/architecture.md §7). The server's side runs in
/// process on the test's thread, against real sockets, so every byte it allocates is counted.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    private const int WarmUp = 200, Iterations = 5000;

    /// <summary>A wire that counts what it is sent and keeps nothing (so it allocates nothing).</summary>
    private sealed class CountingPort : IFramePort
    {
        public long Sent;
        public int Fd => -1;
        public int TryReceive(Span<byte> frame) => -1;
        public bool TrySend(ReadOnlySpan<byte> frame) { Sent++; return true; }
        public void Dispose() { }
    }

    [Fact]
    public void Region_requests_served_by_a_session_allocate_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("devemu-alloc-");
        try { ServeRegionRequests(Path.Combine(dir.FullName, "edu.sock")); }
        finally { dir.Delete(recursive: true); }
    }

    private static void ServeRegionRequests(string path)
    {
        using var listener = UnixSocket.Listen(path);
        using var client = new MessageChannel(UnixSocket.Connect(path));
        using var server = new MessageChannel(UnixSocket.Accept(listener.Number));
        using var dma = new DmaSpace();
        var session = new ClientSession(server, new EduDevice(dma), dma);

        ushort id = 0;
        Span<byte> fixedPart = stackalloc byte[RegionAccess.Length];
        Message Exchange(Command command, ReadOnlySpan<byte> head, ReadOnlySpan<byte> data)
        {
            client.SendCommand(id++, command, head, data);
            session.Handle(server.Receive(1000)!);
            var reply = client.Receive(1000)!;
            if (reply.Header.IsError) throw new InvalidOperationException($"{command} failed: errno {reply.Header.Errno}");
            return reply;
        }
        Exchange(Command.Version, new VersionPayload(0, 1, Capabilities.Defaults).Encode(), default);
        var command = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(command, 0x0006);
        new RegionAccess(4, PciRegion.Config, 2).WriteTo(fixedPart);
        Exchange(Command.RegionWrite, fixedPart, command);

        var word = new byte[4];
        uint value = 0;
        var request = new byte[RegionAccess.Length];
        var bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, ++value);
            new RegionAccess(0x04, 0, 4).WriteTo(request);
            Exchange(Command.RegionWrite, request, word);
            var reply = Exchange(Command.RegionRead, request, default);
            if (BinaryPrimitives.ReadUInt32LittleEndian(reply.Payload[RegionAccess.Length..]) != ~value)
                throw new InvalidOperationException("edu liveness did not answer");
        });

        bytes.Bytes.Should().Be(0, $"{Iterations} REGION_WRITE and REGION_READ requests received, served and answered");
        session.ErrorReplies.Should().Be(0);
    }

    [Fact]
    public void E1000_transmits_and_register_accesses_allocate_nothing()
    {
        const ulong Iova = 0x1_0000_0000, TxRing = Iova, TxBuffers = Iova + 0x1000;
        const int Descriptors = 8;
        using var memory = new ClientMemory(0x10000);
        using var dma = new DmaSpace();
        dma.Map(new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0, Iova, memory.Size), memory.Fd).Should().Be(0);
        var port = new CountingPort();
        using var nic = new E1000Device(dma, port, MacAddress.ParseOrRandom("02:00:00:00:00:02"));
        for (int i = 0; i < Descriptors; i++)
        {
            var descriptor = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor, TxBuffers + (ulong)i * 0x100);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(8), 60);
            descriptor[11] = 0x01 | 0x08;   // EOP | RS
            memory.Write((ulong)i * 16, descriptor);
        }
        nic.WriteRegister(Reg.CTRL, Reg.CTRL_SLU);
        nic.WriteRegister(Reg.TDBAL, unchecked((uint)TxRing));
        nic.WriteRegister(Reg.TDBAH, (uint)(TxRing >> 32));
        nic.WriteRegister(Reg.TDLEN, Descriptors * 16);
        nic.WriteRegister(Reg.TCTL, Reg.TCTL_EN | Reg.TCTL_PSP);
        nic.WriteRegister(Reg.IMS, 0xFFFF);
        var word = new byte[4];
        var odd = new byte[2];
        uint tail = 0;

        var bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            tail = (tail + 1) % Descriptors;
            BinaryPrimitives.WriteUInt32LittleEndian(word, tail);
            nic.WriteBar(0, Reg.TDT, word);                   // one frame out, an interrupt cause
            nic.ReadBar(0, Reg.ICR, word);                    // read and cleared
            nic.WriteBar(0, Reg.STATUS, odd);                 // a partial write the model ignores
        });

        bytes.Bytes.Should().Be(0, $"{Iterations} frames transmitted through the ring, with their register accesses");
        port.Sent.Should().Be(bytes.Steps);
    }

    [Fact]
    public void Frames_through_the_switch_allocate_nothing()
    {
        var uplink = new CountingPort();
        var network = new FrameSwitch(uplink, 2);
        var macA = MacAddress.ParseOrRandom("02:00:00:00:00:0a");
        var macB = MacAddress.ParseOrRandom("02:00:00:00:00:0b");
        using var a = network.Attach(0, macA);
        using var b = network.Attach(1, macB);
        var toB = new byte[1514];
        var toAll = new byte[60];
        macB.Bytes.CopyTo(toB);
        macA.Bytes.CopyTo(toB.AsSpan(6));
        toAll.AsSpan(0, 6).Fill(0xFF);
        macB.Bytes.CopyTo(toAll.AsSpan(6));
        var buffer = new byte[2048];

        var bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            a.TrySend(toB);
            if (b.TryReceive(buffer) != toB.Length) throw new InvalidOperationException("the unicast frame did not reach b");
            b.TrySend(toAll);
            if (a.TryReceive(buffer) != toAll.Length) throw new InvalidOperationException("the broadcast did not reach a");
            if (b.TryReceive(buffer) >= 0 || a.TryReceive(buffer) >= 0) throw new InvalidOperationException("a frame too many");
        });

        bytes.Bytes.Should().Be(0, $"{Iterations} unicast and broadcast frames switched, queued and taken");
        uplink.Sent.Should().Be(bytes.Steps);
    }
}
