using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>Checksum sums kept with the bytes of a <see cref="ByteRing"/> (<see cref="RunSums"/>): a
/// sum it hands out must equal the sum of the bytes, whatever was written, moved and discarded.</summary>
public class RunSumsTests
{
    /// <summary>The sum of the bytes by the plain reference, as a ones'-complement number (0 and 0xFFFF alike).</summary>
    private static int ReferenceSum(ReadOnlySpan<byte> data) => (ushort)~Frames.Checksum(data) % 0xFFFF;

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Concatenated_sums_equal_the_sum_of_the_whole_at_every_split()
    {
        var data = Bytes(301, 1);
        for (var length = 0; length <= data.Length; length += 37)
        for (var split = 0; split <= length; split++)
        {
            var whole = data.AsSpan(0, length);
            var sum = InternetChecksum.Concatenate(InternetChecksum.Sum(whole[..split]), split, InternetChecksum.Sum(whole[split..]));
            (sum % 0xFFFF).Should().Be(ReferenceSum(whole), $"length {length}, split at {split}");
        }
    }

    [Fact]
    public void Runs_written_with_their_sums_give_the_sum_of_any_range_of_whole_runs()
    {
        var ring = new ByteRing(1000);
        ring.Write(new byte[700]);
        ring.Discard(700); // the runs below wrap around the end of the array
        var runs = new[] { Bytes(301, 2), Bytes(1, 3), Bytes(64, 4), Bytes(33, 5), Bytes(200, 6) };
        foreach (var run in runs) ring.Write(run, InternetChecksum.Sum(run));
        var all = runs.SelectMany(r => r).ToArray();
        var starts = new List<int> { 0 };
        foreach (var run in runs) starts.Add(starts[^1] + run.Length);
        for (var a = 0; a < starts.Count; a++)
        for (var b = a; b < starts.Count; b++)
        {
            var (offset, length) = (starts[a], starts[b] - starts[a]);
            ring.TrySum(offset, length, out var sum).Should().BeTrue($"bytes {offset}..{offset + length} are whole runs");
            (sum % 0xFFFF).Should().Be(ReferenceSum(all.AsSpan(offset, length)), $"bytes {offset}..{offset + length}");
        }
        ring.TrySum(1, 300, out _).Should().BeFalse("no run starts at byte 1");
        ring.TrySum(0, 302 + 10, out _).Should().BeFalse("no run ends at byte 312");
    }

    [Fact]
    public void A_run_without_a_sum_or_cut_by_a_discard_or_a_partial_write_has_none()
    {
        var ring = new ByteRing(100);
        var a = Bytes(40, 7);
        ring.Write(a, InternetChecksum.Sum(a));
        ring.Write(Bytes(20, 8));
        ring.TrySum(0, 40, out _).Should().BeTrue();
        ring.TrySum(40, 20, out _).Should().BeFalse("written without a sum");
        ring.Discard(10);
        ring.TrySum(0, 30, out _).Should().BeFalse("the first run was cut");
        var tooLong = Bytes(80, 9);
        ring.Write(tooLong, InternetChecksum.Sum(tooLong)).Should().Be(50);
        ring.TrySum(50, 50, out _).Should().BeFalse("only part of it fitted");
    }

    [Fact]
    public void Sums_move_with_their_bytes_to_another_ring()
    {
        var from = new ByteRing(500);
        var to = new ByteRing(500);
        to.Write(Bytes(3, 10), RunSums.Unknown); // the moved runs land at an odd offset in the other ring
        var runs = new[] { Bytes(100, 11), Bytes(51, 12), Bytes(200, 13) };
        foreach (var run in runs) from.Write(run, InternetChecksum.Sum(run));
        from.MoveTo(to).Should().Be(351);
        from.Count.Should().Be(0);
        to.TrySum(3, 151, out var sum).Should().BeTrue();
        (sum % 0xFFFF).Should().Be(ReferenceSum([.. runs[0], .. runs[1]]));
        to.TrySum(154, 200, out sum).Should().BeTrue();
        (sum % 0xFFFF).Should().Be(ReferenceSum(runs[2]));
    }

    [Fact]
    public void Any_mix_of_writes_moves_discards_and_peeks_hands_out_only_true_sums()
    {
        var rng = new Random(14);
        var rings = new[] { new ByteRing(3000), new ByteRing(3000) };
        var models = new[] { new List<byte>(), new List<byte>() };
        var found = 0;
        for (var step = 0; step < 20_000; step++)
        {
            var r = rng.Next(2);
            var (ring, model) = (rings[r], models[r]);
            switch (rng.Next(4))
            {
                case 0:
                {
                    var data = Bytes(rng.Next(1, 400), step);
                    var n = ring.Write(data, rng.Next(4) == 0 ? RunSums.Unknown : InternetChecksum.Sum(data));
                    model.AddRange(data.Take(n));
                    break;
                }
                case 1:
                {
                    var n = rings[r].MoveTo(rings[1 - r]);
                    models[1 - r].AddRange(model.Take(n));
                    model.RemoveRange(0, n);
                    break;
                }
                case 2:
                {
                    var n = rng.Next(0, model.Count + 1) / (rng.Next(3) + 1);
                    ring.Discard(n);
                    model.RemoveRange(0, n);
                    break;
                }
                default:
                {
                    ring.Count.Should().Be(model.Count);
                    var offset = rng.Next(model.Count + 1);
                    var length = rng.Next(model.Count - offset + 1);
                    var bytes = new byte[length];
                    ring.Peek(offset, bytes);
                    bytes.Should().Equal(model.Skip(offset).Take(length));
                    if (ring.TrySum(offset, length, out var sum))
                    {
                        found++;
                        (sum % 0xFFFF).Should().Be(ReferenceSum(bytes), $"step {step}: bytes {offset}..{offset + length}");
                    }
                    break;
                }
            }
        }
        found.Should().BeGreaterThan(100, "ranges of whole runs are asked for often enough to be found");
    }

    [Fact]
    public void More_runs_than_are_kept_are_joined_with_exact_sums()
    {
        var ring = new ByteRing(10_000);
        var all = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            var run = Bytes(1 + i % 7, 100 + i);
            ring.Write(run, InternetChecksum.Sum(run));
            all.AddRange(run);
        }
        ring.TrySum(0, all.Count, out var sum).Should().BeTrue();
        (sum % 0xFFFF).Should().Be(ReferenceSum(all.ToArray()));
    }
}
