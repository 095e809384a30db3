using FluentAssertions;
using Solo5Net.DevEmu.Net.Switch;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Switch;

public sealed class SourceQueuesTests
{
    [Fact]
    public void Frames_come_out_one_source_at_a_time_in_turn()
    {
        var queues = new SourceQueues(3, 10);
        foreach (var (source, tag) in new[] { (0, 1), (0, 2), (0, 3), (2, 4), (1, 5), (2, 6) })
            queues.TryEnqueue(source, [(byte)tag]).Should().BeTrue();
        var order = new List<byte>();
        while (queues.TryDequeue() is { } frame) order.Add(frame[0]);
        order.Should().Equal(1, 5, 4, 2, 6, 3);
        queues.Count.Should().Be(0);
    }

    [Fact]
    public void Each_source_is_bounded_on_its_own()
    {
        var queues = new SourceQueues(2, 2);
        queues.TryEnqueue(0, [1]).Should().BeTrue();
        queues.TryEnqueue(0, [2]).Should().BeTrue();
        queues.TryEnqueue(0, [3]).Should().BeFalse();
        queues.TryEnqueue(1, [4]).Should().BeTrue("another source still has room");
        queues.Dropped.Should().Be(1);
        queues.Clear();
        queues.Count.Should().Be(0);
        queues.TryDequeue().Should().BeNull();
    }

    [Fact]
    public void A_queued_frame_is_a_copy()
    {
        var queues = new SourceQueues(1, 1);
        var frame = new byte[] { 1, 2, 3 };
        queues.TryEnqueue(0, frame);
        frame[0] = 9;
        queues.TryDequeue().Should().Equal(1, 2, 3);
    }
}
