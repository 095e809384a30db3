using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// Whatever hypercall a guest makes with whatever arguments — with a block and a net device
/// attached, so every handler is reachable — the tender never crashes or hangs:
/// it either resumes the guest (which then prints "returned" and exits 0), halts it with the
/// requested status, or stops it with exit 1 and one prefixed diagnostic line.
/// </summary>
public class HypercallFuzzTests : IDisposable
{
    private readonly DeviceRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private const ulong MemSize = 16UL << 20;

    /// <summary>Values near every boundary the tender checks, plus arbitrary ones.</summary>
    private static Gen<ulong> Word() => Gen.OneOf(
        Gen.Elements(0UL, 1UL, 2UL, 3UL, 8UL, 512UL, 0x10000UL - 512, 0x10000UL, 0x100000UL, MemSize - 1, MemSize, MemSize - 512, MemSize + 1,
            0xFFFFFFFFUL, 0x7FFFFFFFFFFFFFFFUL, ulong.MaxValue, 0x8000000000000000UL),
        Gen.Choose(0, int.MaxValue).Select(i => (ulong)i),
        ArbMap.Default.GeneratorFor<ulong>());

    private sealed record Call(int Nr, string Arg, ulong[] Words)
    {
        public string[] GuestArgs => ["raw", Nr.ToString(), Arg, .. Words.Select(w => "0x" + w.ToString("x"))];
        public override string ToString() => string.Join(' ', GuestArgs);
    }

    private static Gen<Call> Calls() =>
        from nr in Gen.Frequency((8, Gen.Choose(1, 8)), (1, Gen.Choose(0, 15)), (1, Gen.Choose(0x80, 0xff)))
        from arg in Gen.Frequency((4, Gen.Constant("s")), (1, Word().Select(w => "0x" + (w & 0xFFFFFFFF).ToString("x"))))
        from words in Gen.ArrayOf(Word(), 5)
        select Sanitize(new Call(nr, arg, words));

    /// <summary>Keeps runs short: a POLL timeout is capped at 10 ms, a valid PUTS length at 64 bytes.</summary>
    private static Call Sanitize(Call c)
    {
        var w = (ulong[])c.Words.Clone();
        if (c.Nr == 3) w[0] %= 10_000_000;
        if (c.Nr == 2 && w[1] > 64 && w[0] < MemSize && w[1] < MemSize) w[1] %= 64;
        return c with { Words = w };
    }

    [KvmFact]
    public void Random_hypercalls_never_crash_or_hang_the_tender()
    {
        var property = Prop.ForAll(Calls().ToArbitrary(), call =>
        {
            var r = _rig.Run(call.GuestArgs);
            r.TimedOut.Should().BeFalse(call + "\n" + r);
            r.ShouldHaveNoTrace();
            var resumed = r.ExitCode == 0 && r.Stdout.EndsWith("returned\n");
            var halted = call.Nr == 8 && r.Stderr.Length == 0;
            var refused = r.ExitCode == 1 && r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1;
            (resumed || halted || refused).Should().BeTrue(call + "\n" + r);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    /// <summary>
    /// The same from inside one guest, at volume: 50,000 block and net hypercalls with handles,
    /// offsets and lengths drawn from edge values (tests/guests/soak.c "fuzz"), each result checked
    /// by the guest against the ABI's rules (docs/hvt-abi.md §4.4). Only non-fatal arguments: pointers
    /// stay valid and frames whole, since anything else ends the guest (covered above and by
    /// <see cref="DirectHypercallProperties"/>). About 5 s of VM exits.
    /// </summary>
    [KvmFact]
    public void Fifty_thousand_edge_case_device_hypercalls_from_a_guest_get_the_abi_answers()
    {
        var seed = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var r = _rig.Namespace.RunTool("hvt-tender", ["--mem=16", $"--block:storage={_rig.BlockFile}", "--net:service0=tap0",
            Guests.Path("soak"), "fuzz", "50000", seed.ToString()], TimeSpan.FromMinutes(3));
        var what = $"seed {seed}\n{r}";
        r.ShouldSucceedQuietly();
        r.Stdout.Split('\n').Should().Contain("done ops=50000 hypercalls=50000 bad=0", what);
    }
}
