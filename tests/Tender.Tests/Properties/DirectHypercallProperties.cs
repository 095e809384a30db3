using Solo5Net.Abi;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit.Abstractions;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// A million random hypercalls (and trapped MMIO / port accesses) straight into the real handlers
/// of a real tender set-up (block on a file, net on a tap in a private namespace, PCI on an
/// hvt-devemu edu server): each either returns the result the ABI prescribes for its arguments, or
/// ends the guest with a documented message; never another exception; guest memory outside what
/// the call may write is unchanged (a shadow copy compared after every batch); guest RAM has
/// inaccessible guard pages on both sides, so a stray host access would kill the test host.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class DirectHypercallProperties(ITestOutputHelper output)
{
    private const ulong MemBytes = 4UL << 20;
    private const int BlockBytes = 64 * 1024;
    private const int Handles = 4;          // reserved, storage, service0, edu0
    private const int Storage = 1, Service0 = 2, Edu0 = 3;

    [GeneratedRegex(@"^\w+\.cs:\d+: Invalid guest access: gpa=0x[0-9a-f]+, sz=\d+( \((read-only|inaccessible) memory\))?$")]
    private static partial Regex GuestAccessMessage();

    [GeneratedRegex(@"^(Invalid guest hypercall: num=\d+|Fatal error when (writing|reading): .+|Fatal error: (wrote|read) only \d+ out of \d+ bytes)$")]
    private static partial Regex FatalMessage();

    /// <summary>Everything the test holds for one harness: namespace, block file, edu server.</summary>
    private sealed class Rig : IDisposable
    {
        public readonly NetNamespace Ns = NetNamespace.Create();
        public readonly TempDir Dir = new();
        public readonly DevEmuServer? Edu;
        public readonly HypercallHarness H;
        public readonly (ulong Start, ulong End)[] ReadOnly;
        public readonly int ConfigSize;
        public readonly bool HasMemoryBar;
        public readonly (ulong Base, ulong Size)[] MmioWindows;
        public readonly (ulong Base, ulong Size)[] PortWindows;

        public Rig()
        {
            try { Edu = DevEmuServer.Start("edu"); H = Build(); }
            catch
            {
                Edu?.Dispose();
                Ns.Dispose();
                Dir.Dispose();
                throw;
            }
            ReadOnly = ElfLoader.Plan(Solo5Net.Manifest.ElfFile.Parse(File.ReadAllBytes(Guests.Path("hcall_all"))), H.Memory.AllocationSize)
                .Where(s => !s.Writable).Select(s => (s.Start, s.End)).ToArray();
            var edu = H.Pci.Devices.Single();
            ConfigSize = edu.Device.ConfigSize;
            HasMemoryBar = edu.HasMemoryBar;
            var bars = edu.Bars.Where(b => (b.Flags & HvtPciBarFlags.Present) != 0).ToList();
            MmioWindows = bars.Where(b => (b.Flags & HvtPciBarFlags.Io) == 0).Select(b => (b.Base, b.Size)).ToArray();
            PortWindows = bars.Where(b => (b.Flags & HvtPciBarFlags.Io) != 0).Select(b => (b.Base, b.Size)).ToArray();
        }

        private HypercallHarness Build()
        {
            Ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
            Ns.AddTap("tap0");
            Ns.AddTap("tap1");
            return HypercallHarness.Create(Guests.Path("hcall_all"),
                [$"--block:storage={Dir.NewFile("disk", BlockBytes)}", "--net:service0=tap0", $"--pci-dev:edu0=vfio-user:{Edu!.SocketPath}"],
                MemBytes, Ns);
        }

        public void Dispose()
        {
            H.Dispose();
            Edu?.Dispose();
            Ns.Dispose();
            Dir.Dispose();
        }
    }

    // ---- the oracle: what the ABI says each call must do

    /// <summary>docs/hvt-abi.md §4.2: gpa &lt; mem_size, no overflow, gpa + sz &lt; mem_size.</summary>
    private static bool Valid(ulong gpa, ulong sz, ulong size) => gpa < size && gpa + sz >= gpa && gpa + sz < size;

    private static bool Overlaps((ulong Start, ulong End)[] ranges, ulong gpa, ulong sz) =>
        ranges.Any(r => gpa < r.End && gpa + sz > r.Start);

    private enum Outcome { Returned, GuestAccess, Fatal }

    private static bool BlockRequestValid(ulong handle, ulong offset, ulong len) =>
        (uint)handle == Storage && len <= long.MaxValue && offset < BlockBytes && offset + len >= offset && offset + len <= BlockBytes;

    private static Solo5Result PciModel(Rig rig, ulong handle, uint offset, uint size, uint value, bool write)
    {
        if (handle != Edu0) return Solo5Result.Invalid;
        if (size is not (1 or 2 or 4) || offset % size != 0 || (ulong)offset + size > (ulong)Math.Min(4096, rig.ConfigSize)) return Solo5Result.Invalid;
        if (!write) return Solo5Result.Ok;
        ulong end = (ulong)offset + size;
        if (offset < 0x28 && end > 0x10) return Solo5Result.Invalid;
        if (offset < 0x34 && end > 0x30) return Solo5Result.Invalid;
        if (rig.HasMemoryBar && offset == 4 && (value & 2) == 0) return Solo5Result.Invalid;
        return Solo5Result.Ok;
    }

    /// <summary>Runs one call and checks it against the ABI; accepts into the shadow what it may have written.</summary>
    private static void Verify(Rig rig, GuestCall call, byte[] shadow, Stats stats)
    {
        var h = rig.H;
        ulong size = h.Memory.Size;
        if (!call.IsHypercall)
        {
            CheckTrap(rig, call, stats);
            return;
        }
        ulong structSize = GuestCall.StructSize(call.Nr);
        bool canStore = call.Gpa + GuestCall.StructBytes <= h.Memory.AllocationSize && !Overlaps(rig.ReadOnly, call.Gpa, GuestCall.StructBytes);
        if (canStore)
        {
            call.WriteStruct(h.Raw(call.Gpa, GuestCall.StructBytes));
            h.Raw(call.Gpa, GuestCall.StructBytes).CopyTo(shadow.AsSpan((int)call.Gpa));
        }
        // What the tender will read is what is in memory now (the test could not store over the image).
        var s = call.Gpa + GuestCall.StructBytes <= h.Memory.AllocationSize ? h.Raw(call.Gpa, GuestCall.StructBytes).ToArray() : new byte[GuestCall.StructBytes];
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(s), w1 = BinaryPrimitives.ReadUInt64LittleEndian(s.AsSpan(8)),
            w2 = BinaryPrimitives.ReadUInt64LittleEndian(s.AsSpan(16)), w3 = BinaryPrimitives.ReadUInt64LittleEndian(s.AsSpan(24));

        if (call.Nr == 2 && w1 > 0 && Valid(w0, w1, size)) return;   // would print image bytes on the test host's stdout

        Outcome outcome;
        string? message = null;
        long started = Stopwatch.GetTimestamp();
        try
        {
            h.Hypercalls.Dispatch(call.Nr, call.Gpa);
            outcome = Outcome.Returned;
        }
        catch (GuestAccessException e) { outcome = Outcome.GuestAccess; message = e.Message; }
        catch (TenderException e) { outcome = Outcome.Fatal; message = e.Message; }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{call}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}");
        }
        stats.InTender += Stopwatch.GetTimestamp() - started;
        stats.Count(call.Nr, outcome);

        // Accept what the call may write: its struct (all but PUTS), the buffer of a read.
        if (call.Nr != 2 && structSize > 0) AcceptWrites(h, shadow, call.Gpa, structSize);
        if (call.Nr == 5 && Valid(w2, w3, size)) AcceptWrites(h, shadow, w2, w3);
        if (call.Nr == 7 && Valid(w1, w2, size)) AcceptWrites(h, shadow, w1, w2);

        if (outcome == Outcome.GuestAccess && !GuestAccessMessage().IsMatch(message!)) Fail(call, $"undocumented message '{message}'");
        if (outcome == Outcome.Fatal && !FatalMessage().IsMatch(message!)) Fail(call, $"undocumented message '{message}'");

        if (structSize == 0)
        {
            if (outcome != Outcome.Fatal) Fail(call, $"no handler for number {call.Nr}, but {outcome}");
            return;
        }
        bool structOk = Valid(call.Gpa, structSize, size);
        bool structWritable = !Overlaps(rig.ReadOnly, call.Gpa, structSize);
        if (!structOk)
        {
            if (outcome != Outcome.GuestAccess) Fail(call, $"the argument struct breaks §4.2, but {outcome} {message}");
            return;
        }
        if (outcome == Outcome.Fatal && call.Nr is not (4 or 5 or 6 or 7)) Fail(call, $"fatal '{message}' from a call that does no device I/O");
        bool returned = outcome == Outcome.Returned;
        bool refused = outcome == Outcome.GuestAccess;
        int ret = returned && call.Nr is 4 or 5 or 6 or 7 or 9 or 10
            ? BinaryPrimitives.ReadInt32LittleEndian(h.Raw(call.Gpa + (call.Nr is 4 or 5 ? 32UL : call.Nr is 6 or 7 ? 24UL : 20UL), 4))
            : -1;
        switch (call.Nr)
        {
            case 1 or 3:
                if (returned != structWritable) Fail(call, $"a struct that is {(structWritable ? "" : "not ")}writable got {outcome} {message}");
                break;
            case 2:
                if (returned != Valid(w0, w1, size)) Fail(call, $"PUTS data [0x{w0:x}, +{w1}) got {outcome} {message}");
                break;
            case 4 or 5:
            {
                bool request = BlockRequestValid(w0, w1, w3);
                bool dataOk = Valid(w2, w3, size) && (call.Nr == 4 || !Overlaps(rig.ReadOnly, w2, w3));
                if (returned && !structWritable) Fail(call, "the result was stored into read-only memory");
                if (returned && ret != (request ? 0 : 2)) Fail(call, $"block request handle {w0} offset 0x{w1:x} len 0x{w3:x} got ret {ret}");
                if (returned && request && !dataOk) Fail(call, "I/O on an invalid buffer was accepted");
                if (refused && structWritable && !(request && !dataOk)) Fail(call, $"refused a valid access: {message}");
                break;
            }
            case 6:
            {
                bool handle = (uint)w0 == Service0;
                if (returned && ret != (handle ? 0 : 2)) Fail(call, $"ret {ret}");
                if (refused && structWritable && !(handle && !Valid(w1, w2, size))) Fail(call, $"refused a valid access: {message}");
                break;
            }
            case 7:
            {
                bool handle = (uint)w0 == Service0;
                if (returned && (handle ? ret is not (0 or 1) : ret != 2)) Fail(call, $"ret {ret}");
                if (refused && structWritable && !(handle && !(Valid(w1, w2, size) && !Overlaps(rig.ReadOnly, w1, w2))))
                    Fail(call, $"refused a valid access: {message}");
                break;
            }
            case 9 or 10:
            {
                if (returned != structWritable) Fail(call, $"a struct that is {(structWritable ? "" : "not ")}writable got {outcome} {message}");
                if (!returned) break;
                var model = PciModel(rig, w0, (uint)w1, (uint)(w1 >> 32), (uint)w2, call.Nr == 10);
                if (model == Solo5Result.Invalid ? ret != 2 : ret is not (0 or 3)) Fail(call, $"ret {ret}, the ABI says {model}");
                break;
            }
        }
    }

    private static void Fail(GuestCall call, string why) => throw new Xunit.Sdk.XunitException($"{call}: {why}");

    private static void CheckTrap(Rig rig, GuestCall call, Stats stats)
    {
        Span<byte> data = stackalloc byte[8];
        data = data[..(int)call.W0];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(call.W2 >> (8 * i));
        try
        {
            bool handled = call.Nr == GuestCall.Mmio
                ? rig.H.Traps.TryMmio(call.Gpa, data, call.W1 != 0)
                : rig.H.Traps.TryPio((ushort)call.Gpa, data, call.W1 != 0);
            stats.Count(call.Nr, handled ? Outcome.Returned : Outcome.Fatal);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{call}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}");
        }
    }

    private static void AcceptWrites(HypercallHarness h, byte[] shadow, ulong gpa, ulong sz)
    {
        ulong limit = h.Memory.AllocationSize;
        if (gpa >= limit) return;
        ulong n = Math.Min(sz, limit - gpa);
        h.Raw(gpa, n).CopyTo(shadow.AsSpan((int)gpa, (int)n));
    }

    /// <summary>Guest memory equals the shadow everywhere (the ring header at mem_size, which the
    /// module's idle ring thread writes, excepted).</summary>
    private static void ShouldMatchShadow(HypercallHarness h, byte[] shadow, string context)
    {
        var memory = h.Raw(0, h.Memory.AllocationSize);
        ulong ringHeader = h.Memory.Size;
        memory[(int)ringHeader..(int)(ringHeader + 128)].CopyTo(shadow.AsSpan((int)ringHeader, 128));
        int at = memory.CommonPrefixLength(shadow);
        if (at != memory.Length)
            throw new Xunit.Sdk.XunitException($"guest memory at 0x{at:x} changed outside any range the calls may write ({context})");
    }

    private sealed class Stats
    {
        private readonly Dictionary<(int, Outcome), int> _counts = [];
        public int Total;
        public long InTender;
        public void Count(int nr, Outcome o) { Total++; _counts[(nr, o)] = _counts.GetValueOrDefault((nr, o)) + 1; }
        public override string ToString() => string.Join(", ", _counts.OrderBy(k => k.Key).Select(k => $"{k.Key.Item1}/{k.Key.Item2}={k.Value}"));
    }

    private const int BatchSize = 1000;

    private void RunBatches(Rig rig, Gen<GuestCall> calls, int batches)
    {
        var shadow = rig.H.Raw(0, rig.H.Memory.AllocationSize).ToArray();
        var stats = new Stats();
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(Gen.ArrayOf(calls, BatchSize).ToArbitrary(), batch =>
        {
            foreach (var call in batch) Verify(rig, call, shadow, stats);
            ShouldMatchShadow(rig.H, shadow, $"after a batch ending with {batch[^1]}");
        });
        WithinTimeLimit(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(batches).WithQuietOnSuccess(true), property));
        rig.Edu!.HasExited.Should().BeFalse("the device server survives whatever the guest sent it");
        output.WriteLine($"{stats.Total} calls in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({Stopwatch.GetElapsedTime(0, stats.InTender).TotalSeconds:F1} s of it in the tender's handlers): {stats}");
    }

    /// <summary>Runs the property on a thread of its own and fails if it does not finish in time
    /// (a handler that never returns is a failure, not a hung test run).</summary>
    private static void WithinTimeLimit(Action run)
    {
        var task = Task.Factory.StartNew(run, TaskCreationOptions.LongRunning);
        if (!task.Wait(TimeSpan.FromMinutes(5))) throw new TimeoutException("a call into the tender did not return within 5 minutes");
        task.GetAwaiter().GetResult();
    }

    [KvmFact]
    public void A_million_random_hypercalls_get_the_abi_answer_or_a_documented_exit()
    {
        using var rig = new Rig();
        RunBatches(rig, Hypercalls(rig.H.Memory.Size, rig.H.Memory.AllocationSize), 1000);
    }

    [KvmFact]
    public void Random_trapped_mmio_and_port_accesses_never_escape_as_exceptions()
    {
        using var rig = new Rig();
        RunBatches(rig, Traps(rig), 20);
    }

    [KvmFact]
    public void Guest_ram_has_inaccessible_guard_pages_on_both_sides()
    {
        using var rig = new Rig();
        var start = (ulong)rig.H.Memory.HostAddress;
        var end = start + rig.H.Memory.AllocationSize;
        var maps = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', 6)).Select(f =>
        {
            var range = f[0].Split('-');
            return (Start: Convert.ToUInt64(range[0], 16), End: Convert.ToUInt64(range[1], 16), Perms: f[1]);
        }).ToList();
        maps.Should().Contain(m => m.End == start && m.Start <= start - GuestMemory.GuardSize && m.Perms.StartsWith("---"), "a guard page below guest RAM");
        maps.Should().Contain(m => m.Start == end && m.End >= end + GuestMemory.GuardSize && m.Perms.StartsWith("---"), "a guard page above guest RAM");
    }
}
