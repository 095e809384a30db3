using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Abi;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Net;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Properties;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Hypercalls;

/// <summary>
/// No garbage while a guest works (docs/architecture.md §6): every per-event path of the tender
/// (a KVM exit and its hypercall, trapped MMIO or port access; POLL and the interrupt eventfd it drains;
/// block, net and PCI hypercalls; ring entries; trapped BAR accesses forwarded over vfio-user) runs many
/// times after a warm-up, and the bytes the running thread allocated must not grow. Counted, never timed.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    private const int WarmUp = 200, Iterations = 2000;

    [Fact]
    public void Poll_wake_ups_and_interrupt_drains_allocate_nothing()
    {
        using var poll = new PollSet();
        using var interrupt = Eventfd.Create();
        using var idle = Eventfd.Create();
        int fd = interrupt.Number, reported = 0;
        poll.Add(fd, 5, onReported: () => { Eventfd.Drain(fd); reported++; }, beforeWait: () => { });
        poll.Add(idle.Number, 9, onReported: null);

        var bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            Eventfd.Signal(fd);
            var (ready, count) = poll.Wait(1_000_000_000);
            if (ready != 1UL << 5 || count != 1) throw new InvalidOperationException($"POLL reported {ready:x}");
            (ready, _) = poll.Wait(0);
            if (ready != 0) throw new InvalidOperationException("the drained eventfd stayed readable");
        });

        bytes.Bytes.Should().Be(0);
        reported.Should().Be(bytes.Steps);
    }

    [Fact]
    public void Hypercall_dispatch_and_trap_routing_allocate_nothing()
    {
        var table = new HypercallTable();
        var traps = new TrapRouter();
        ulong sum = 0;
        table.Register(HvtHypercall.Walltime, gpa => sum += gpa);
        traps.AddMmio(0x1_0000_0000, 0x1000, (offset, data, isWrite) => { if (!isWrite) data.Fill(0x5A); });
        traps.AddMmio(0x1_0000_2000, 0x1000, (_, _, _) => { });
        traps.AddPio(0xC000, 0x20, (offset, data, isWrite) => { if (!isWrite) data[0] = (byte)offset; });
        var data = new byte[8];

        var bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations * 10, () =>
        {
            table.Dispatch(HvtHypercall.Walltime, 0x2000);
            traps.TryMmio(0x1_0000_2008, data.AsSpan(0, 4), isWrite: true);
            traps.TryMmio(0x1_0000_0010, data.AsSpan(0, 8), isWrite: false);
            traps.TryPio(0xC004, data.AsSpan(0, 1), isWrite: false);
        });

        bytes.Bytes.Should().Be(0);
        sum.Should().Be((ulong)bytes.Steps * 0x2000);
    }

    private const ulong Memory = 4UL << 20, Code = 0x100000, Args = 0x200000;
    private const ulong WalltimeArgs = Args, PollArgs = Args + 0x40, HaltArgs = Args + 0x80, MeterArgs = Args + 0xC0;
    private const ulong TrappedWindow = 0x1_0000_0000;
    private const int MeterHypercall = HvtHypercall.PciConfigRead;

    /// <summary>A loop of <paramref name="rounds"/> rounds, each an MMIO read and write in the trapped
    /// window, a port read and write, WALLTIME, POLL (timeout 0) and the test's metering hypercall;
    /// then HALT.</summary>
    private static byte[] ExitLoop(uint rounds)
    {
        var code = new List<byte>();
        void Emit(params byte[] bytes) => code.AddRange(bytes);
        void Imm32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); Emit(b); }
        void Imm64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); Emit(b); }
        void Hypercall(ulong args, int number) { Emit(0xB8); Imm32((uint)args); Emit(0x66, 0xBA, (byte)(HvtHypercall.PioBase + number), 0x05); Emit(0xEF); }
        Emit(0xB9); Imm32(rounds);                  // mov ecx, rounds
        Emit(0x48, 0xBE); Imm64(TrappedWindow);     // mov rsi, TrappedWindow
        int loop = code.Count;
        Emit(0x8B, 0x1E);                           // mov ebx, [rsi]       (MMIO read)
        Emit(0x89, 0x5E, 0x04);                     // mov [rsi+4], ebx     (MMIO write)
        Emit(0xE4, 0x41);                           // in al, 0x41
        Emit(0xE6, 0x42);                           // out 0x42, al
        Hypercall(WalltimeArgs, HvtHypercall.Walltime);
        Hypercall(PollArgs, HvtHypercall.Poll);
        Hypercall(MeterArgs, MeterHypercall);
        Emit(0xFF, 0xC9);                           // dec ecx
        Emit(0x75, (byte)(sbyte)(loop - (code.Count + 2)));   // jnz loop
        Hypercall(HaltArgs, HvtHypercall.Halt);
        return [.. code];
    }

    [KvmFact]
    public void The_run_loop_allocates_nothing_per_exit()
    {
        using var vm = VirtualMachine.Create(Memory);
        var tables = new PageTableBuilder();
        BootCpu.Initialise(vm, tables, Code);
        tables.MapWindow(vm.Memory.Slice(0, GuestLayout.ExtraTablesEnd), TrappedWindow, 0x1000, CacheMode.Uncached);
        ExitLoop(WarmUp + Iterations).CopyTo(vm.Memory.Slice(Code, 0x100));
        vm.Memory.Write(HaltArgs, new HvtHcHalt { ExitStatus = 3 });
        vm.Memory.Write(PollArgs, new HvtHcPoll { TimeoutNsecs = 0 });

        var table = new HypercallTable();
        using var poll = new PollSet();
        new CoreHypercalls(vm.Memory, poll).Register(table);
        var traps = new TrapRouter();
        traps.AddMmio(TrappedWindow, 0x1000, (_, data, isWrite) => { if (!isWrite) data.Fill(0x11); });
        traps.AddPio(0x40, 4, (_, data, isWrite) => { if (!isWrite) data[0] = 0x5A; });
        int rounds = 0;
        long start = 0, end = 0;
        table.Register(MeterHypercall, _ =>
        {
            rounds++;
            if (rounds == WarmUp) start = GC.GetAllocatedBytesForCurrentThread();
            if (rounds == WarmUp + Iterations) end = GC.GetAllocatedBytesForCurrentThread();
        });

        var halt = new RunLoop(vm, table, traps).Run();

        halt.ExitStatus.Should().Be(3);
        rounds.Should().Be(WarmUp + Iterations);
        (end - start).Should().Be(0, $"{Iterations} rounds of 7 exits each (MMIO, ports, WALLTIME, POLL) are steady state");
    }

    [KvmFact]
    public void Device_hypercalls_trapped_bars_and_ring_entries_allocate_nothing()
    {
        using var ns = NetNamespace.Create();
        using var dir = new TempDir();
        using var edu = DevEmuServer.StartEdu();
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        ns.AddTap("tap0");
        ns.AddTap("tap1");
        using var h = HypercallHarness.Create(Guests.Path("hcall_all"),
            [$"--block:storage={dir.NewFile("disk", 64 * 1024)}", "--net:service0=tap0", $"--pci-dev:edu0=vfio-user:{edu.SocketPath}"],
            4UL << 20, ns);
        const ulong Arg = 0x300000, Buffer = 0x310000;
        const int Storage = 1, Service0 = 2, Edu0 = 3;
        var frame = h.Raw(Buffer, 60);
        frame.Fill(0);
        frame[..6].Fill(0xFF);                                    // broadcast
        frame[6] = 0x02;                                          // a locally administered source
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x88B5);   // local experimental EtherType

        void Call<T>(int number, T args) where T : unmanaged
        {
            h.Memory.Write(Arg, args);
            h.Hypercalls.Dispatch(number, Arg);
        }

        AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            Call(HvtHypercall.BlockWrite, new HvtHcBlock { Handle = Storage, Offset = 512, Data = Buffer, Len = 512 });
            Call(HvtHypercall.BlockRead, new HvtHcBlock { Handle = Storage, Offset = 512, Data = Buffer + 4096, Len = 512 });
        }).Bytes.Should().Be(0, "block hypercalls");

        AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            Call(HvtHypercall.NetWrite, new HvtHcNet { Handle = Service0, Data = Buffer, Len = 60 });
            Call(HvtHypercall.NetRead, new HvtHcNet { Handle = Service0, Data = Buffer + 4096, Len = 1514 });
            Call(HvtHypercall.Poll, new HvtHcPoll { TimeoutNsecs = 0 });
            Call(HvtHypercall.Walltime, new HvtHcWalltime());
        }).Bytes.Should().Be(0, "net hypercalls, POLL and WALLTIME");

        AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            Call(HvtHypercall.PciConfigRead, new HvtHcPciConfig { Handle = Edu0, Offset = 0, AccessSize = 4 });
            Call(HvtHypercall.PciConfigWrite, new HvtHcPciConfig { Handle = Edu0, Offset = 4, AccessSize = 2, Value = 6 });
        }).Bytes.Should().Be(0, "PCI configuration hypercalls over vfio-user");

        var bar0 = h.Pci.Devices.Single().Bars[0].Base;
        var wordArray = new byte[4];
        AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(wordArray, 0x1234);
            if (!h.Traps.TryMmio(bar0 + 4, wordArray, isWrite: true)) throw new InvalidOperationException("BAR0 is not trapped");
            h.Traps.TryMmio(bar0 + 4, wordArray, isWrite: false);
        }).Bytes.Should().Be(0, "trapped BAR accesses forwarded over vfio-user");
        BinaryPrimitives.ReadUInt32LittleEndian(wordArray).Should().Be(~0x1234u, "edu answered the liveness check");

        NetDevice? tap = null;
        HypercallHarness.InNamespace(ns, () => tap = NetDevice.Attach("service0", Service0, "tap1"));
        using var ringMemory = new GuestMemory(2UL << 20);
        var region = ringMemory.Region(0, HvtRing.Size);
        using var kick = Eventfd.Create();
        var ring = new NetRing(region);
        var worker = new NetRingWorker(ring, h.Memory, new Dictionary<int, NetDevice> { [Service0] = tap! }, kick.Transfer(), enterRole: () => { }, fail: e => throw e);
        uint tail = 0;
        void Submit(HvtRingOp op, ulong data, uint length)
        {
            region.Write(HvtRing.EntriesOffset + (ulong)(tail & HvtRing.Mask) * HvtRingEntry.Size,
                new HvtRingEntry { Op = (uint)op, Handle = Service0, Data = data, Len = length, Id = tail });
            tail++;
        }
        AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            Submit(HvtRingOp.NetWrite, Buffer, 60);
            Submit(HvtRingOp.NetRead, Buffer + 4096, 1514);
            region.WriteUInt32(HvtRing.EntTailOffset, tail);
            worker.ProcessSubmissions();
            if (ring.EntHead != tail) throw new InvalidOperationException("the ring worker left entries behind");
        }).Bytes.Should().Be(0, "ring entries");
        tap!.Close();
    }
}
