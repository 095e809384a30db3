using System.Buffers.Binary;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Xunit;

namespace Solo5Net.Tests.Pci.Interrupts;

/// <summary>The tender's MSI-X table and PBA (docs/abi.md §7): masking, pending bits, release on unmask.</summary>
public sealed class MsixTableTests
{
    private static void WriteControl(MsixTable table, int vector, uint value, List<int> released)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        table.WriteTable((ulong)(vector * MsixTable.EntrySize + 12), b, released);
    }

    private static ulong Pba(MsixTable table, int word = 0)
    {
        Span<byte> b = stackalloc byte[8];
        table.ReadPba((ulong)word * 8, b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private static MsixTable Enabled(int vectors)
    {
        var table = new MsixTable(vectors);
        table.SetFunctionControl(enable: true, functionMask: false, []);
        return table;
    }

    [Fact]
    public void Every_vector_starts_masked_and_the_function_disabled()
    {
        var table = new MsixTable(32);
        Enumerable.Range(0, 32).Should().OnlyContain(v => table.IsMasked(v));
        table.Enabled.Should().BeFalse();
        table.Fire(0).Should().BeFalse("MSI-X is off: nothing is sent, nothing pending");
        Pba(table).Should().Be(0);
    }

    [Fact]
    public void An_unmasked_vector_fires_at_once()
    {
        var table = Enabled(32);
        WriteControl(table, 7, 0, []);
        table.Fire(7).Should().BeTrue();
        Pba(table).Should().Be(0);
    }

    [Fact]
    public void A_masked_vector_that_fires_is_pending_and_is_released_by_unmasking_it()
    {
        var table = Enabled(32);
        table.Fire(5).Should().BeFalse();
        Pba(table).Should().Be(1UL << 5);
        var released = new List<int>();
        WriteControl(table, 5, 0, released);
        released.Should().Equal(5);
        Pba(table).Should().Be(0, "a released interrupt is no longer pending");
        WriteControl(table, 5, 1, released);
        WriteControl(table, 5, 0, released);
        released.Should().Equal([5], "nothing new was pending");
    }

    [Fact]
    public void The_function_mask_holds_every_vector_and_clearing_it_releases_the_unmasked_ones()
    {
        var table = Enabled(64);
        WriteControl(table, 1, 0, []);
        WriteControl(table, 63, 0, []);
        table.SetFunctionControl(enable: true, functionMask: true, []);
        table.Fire(1).Should().BeFalse();
        table.Fire(63).Should().BeFalse();
        table.Fire(2).Should().BeFalse();
        Pba(table).Should().Be(1UL << 1 | 1UL << 2 | 1UL << 63);
        var released = new List<int>();
        table.SetFunctionControl(enable: true, functionMask: false, released);
        released.Should().Equal(1, 63);
        Pba(table).Should().Be(1UL << 2, "vector 2 is still masked by its own bit");
    }

    [Fact]
    public void Disabling_the_function_drops_what_was_pending()
    {
        var table = Enabled(8);
        table.Fire(3);
        table.SetFunctionControl(enable: false, functionMask: false, []);
        Pba(table).Should().Be(0);
        var released = new List<int>();
        table.SetFunctionControl(enable: true, functionMask: false, released);
        WriteControl(table, 3, 0, released);
        released.Should().BeEmpty();
    }

    [Fact]
    public void Address_and_data_read_back_and_only_the_mask_bit_of_vector_control_sticks()
    {
        var table = Enabled(4);
        var entry = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, 0xDEAD_BEEF_FEE0_0000);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), 0x4041);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), 0xFFFF_FFFF);
        table.WriteTable(16, entry, []);
        var back = new byte[16];
        table.ReadTable(16, back);
        BinaryPrimitives.ReadUInt64LittleEndian(back).Should().Be(0xDEAD_BEEF_FEE0_0000);
        BinaryPrimitives.ReadUInt32LittleEndian(back.AsSpan(8)).Should().Be(0x4041u);
        BinaryPrimitives.ReadUInt32LittleEndian(back.AsSpan(12)).Should().Be(1u);
    }

    [Fact]
    public void Any_sequence_of_guest_accesses_keeps_the_table_consistent()
    {
        var ops = Gen.ArrayOf(
            from kind in Gen.Choose(0, 4)
            from at in Gen.Choose(-4, 2100)
            from value in Gen.Choose(int.MinValue, int.MaxValue).Select(v => (uint)v)
            select (kind, at, value));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Gen.Choose(1, 80)), Arb.From(ops),
            (vectors, ops) =>
            {
                var table = new MsixTable(vectors);
                var released = new List<int>();
                foreach (var (kind, at, value) in ops)
                {
                    var offset = (ulong)Math.Max(at, 0) * 4;
                    var bytes = BitConverter.GetBytes(value);
                    switch (kind)
                    {
                        case 0: table.WriteTable(offset, bytes, released); break;
                        case 1: table.ReadTable(offset, bytes); break;
                        case 2: table.ReadPba(offset, bytes); break;
                        case 3: table.SetFunctionControl((value & 1) != 0, (value & 2) != 0, released); break;
                        default: table.Fire(at); break;
                    }
                }
                for (var v = 0; v < vectors; v++)
                {
                    var control = new byte[4];
                    table.ReadTable((ulong)(v * 16 + 12), control);
                    if (BitConverter.ToUInt32(control) > 1) return false;
                    if (table.IsPending(v) && !table.Enabled) return false;
                    if (table.IsPending(v) && table.Enabled && !table.FunctionMasked && !table.IsMasked(v)) return false;
                }
                return released.All(v => v >= 0 && v < vectors);
            }));
    }
}
