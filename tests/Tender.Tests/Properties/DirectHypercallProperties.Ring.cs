using Solo5Net.Abi;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Block;
using Solo5Net.Hvt.Modules.Net;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// Random ring submissions (docs/hvt-abi.md §5.3) processed by the real ring worker, synchronously, on a
/// ring of its own with a tap of its own: every read gets exactly one commit in order with the
/// entry's id and a result the ABI allows; invalid handles and unknown operations are skipped; a
/// bad pointer or a frame the tap refuses ends the tender with a documented message; guest memory
/// outside read buffers is unchanged.
/// </summary>
public sealed partial class DirectHypercallProperties
{
    private const int EntriesOffset = 128, CommitsOffset = 128 + HvtRing.Slots * 32;

    [GeneratedRegex(@"^(\w+\.cs:\d+: Invalid guest access: gpa=0x[0-9a-f]+, sz=\d+( \((read-only|inaccessible) memory\))?|Fatal write error on net device: .+|Fatal write error: wrote only \d+ out of \d+ bytes)$")]
    private static partial Regex RingFatalMessage();

    private sealed record RingEntry(uint Op, uint Handle, ulong Data, uint Length, uint Id);

    /// <summary>A batch of entries: two in three "clean" (buffers in RAM, whole Ethernet frames,
    /// so the batch runs to the end), the rest with any pointer and length.</summary>
    private static Gen<RingEntry[]> RingBatches(ulong size, ulong allocation) =>
        Gen.Frequency((2, Gen.ArrayOf(RingEntries(size, allocation, clean: true))), (1, Gen.ArrayOf(RingEntries(size, allocation, clean: false))));

    private static Gen<RingEntry> RingEntries(ulong size, ulong allocation, bool clean) =>
        from op in Gen.Frequency((3, Gen.Constant((uint)HvtRingOp.NetWrite)), (6, Gen.Constant((uint)HvtRingOp.NetRead)), (1, Gen.Elements(0u, 3u, 0xFFFFFFFFu)))
        from handle in Gen.Frequency((6, Gen.Constant((uint)Service0)), (3, Gen.Elements(0u, 1u, 3u, 4u, 63u, 64u, 0xFFFFFFFFu)), (1, ArbMap.Default.GeneratorFor<uint>()))
        from data in clean ? Gen.Choose(0, (int)(size / 2) - 1).Select(i => size / 4 + (ulong)i) : Address(size, allocation)
        from length in clean ? Gen.Choose(14, 1514).Select(l => (uint)l) : Gen.Frequency((6, Gen.Choose(0, 2048).Select(l => (uint)l)),
            (3, Gen.Elements(0u, 13u, 14u, 60u, 1514u, 65535u, 65536u, 0x7FFFFFFFu, 0xFFFFFFFFu)), (1, ArbMap.Default.GeneratorFor<uint>()))
        from id in ArbMap.Default.GeneratorFor<uint>()
        select new RingEntry(op, handle, data, length, id);

    [KvmFact]
    public void Random_ring_submissions_get_one_commit_per_read_or_a_documented_exit()
    {
        using var rig = new Rig();
        var h = rig.H;
        NetDevice? tap = null;
        HypercallHarness.InNamespace(rig.Ns, () => tap = NetDevice.Attach("service0", Service0, "tap1"));
        var ringMemory = new GuestMemory(2UL << 20);
        var region = ringMemory.Region(0, HvtRing.Size);
        using var kick = Eventfd.Create();
        try
        {
            var ring = new NetRing(region);
            var worker = new NetRingWorker(ring, h.Memory, new Dictionary<int, NetDevice> { [Service0] = tap! }, kick, enterRole: () => { }, fail: e => throw e);
            ResetRing(region);
            var shadow = h.Raw(0, h.Memory.AllocationSize).ToArray();
            int submitted = 0, fatal = 0;
            var property = Prop.ForAll(RingBatches(h.Memory.Size, h.Memory.AllocationSize).ToArbitrary(), batch =>
            {
                uint tail = region.ReadUInt32(0);
                uint commitsBefore = ring.ComTail;
                foreach (var e in batch.Take(HvtRing.Slots - 1))
                {
                    int at = EntriesOffset + (int)(tail & HvtRing.Mask) * 32;
                    region.WriteUInt32((ulong)at, e.Op);
                    region.WriteUInt32((ulong)(at + 4), e.Handle);
                    region.Write((ulong)(at + 8), e.Data);
                    region.WriteUInt32((ulong)(at + 16), e.Length);
                    region.WriteUInt32((ulong)(at + 20), e.Id);
                    tail++;
                    submitted++;
                }
                region.WriteUInt32(0, tail);
                var reads = batch.Take(HvtRing.Slots - 1).Where(e => e.Op == (uint)HvtRingOp.NetRead).ToList();
                try
                {
                    worker.ProcessSubmissions();
                }
                catch (TenderException e)
                {
                    RingFatalMessage().IsMatch(e.Message).Should().BeTrue($"undocumented ring failure '{e.Message}'");
                    fatal++;
                    foreach (var r in reads.Where(r => r.Handle == Service0 && Valid(r.Data, r.Length, h.Memory.Size))) AcceptWrites(h, shadow, r.Data, r.Length);
                    ResetRing(region);
                    ShouldMatchShadow(h, shadow, "after a failed ring batch");
                    return;
                }
                ring.EntHead.Should().Be(tail, "every submission is consumed");
                (ring.ComTail - commitsBefore).Should().Be((uint)reads.Count, "one commit per read");
                for (int i = 0; i < reads.Count; i++)
                {
                    int at = CommitsOffset + (int)((commitsBefore + (uint)i) & HvtRing.Mask) * 16;
                    uint id = region.ReadUInt32((ulong)at), ret = region.ReadUInt32((ulong)(at + 4)), length = region.ReadUInt32((ulong)(at + 8));
                    id.Should().Be(reads[i].Id, "commits come in submission order");
                    if (reads[i].Handle != Service0) (ret, length).Should().Be((2u, 0u), "an unknown handle is EINVAL");
                    else
                    {
                        ret.Should().BeOneOf(0u, 1u, 2u);
                        length.Should().BeLessThanOrEqualTo(reads[i].Length);
                        Valid(reads[i].Data, reads[i].Length, h.Memory.Size).Should().BeTrue("a read into an invalid buffer must end the tender");
                        AcceptWrites(h, shadow, reads[i].Data, reads[i].Length);
                    }
                }
                ShouldMatchShadow(h, shadow, "after a ring batch");
            });
            WithinTimeLimit(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(200).WithQuietOnSuccess(true), property));
            output.WriteLine($"{submitted} ring entries, {fatal} batches ended by a documented fatal error");
        }
        finally
        {
            ringMemory.Dispose();
            tap?.Close();
        }
    }

    private static void ResetRing(GuestRegion ring) => ring.Bytes(0, HvtRing.Size).Clear();
}
