using FluentAssertions;
using Solo5Net.Drivers.Net;
using Xunit;

namespace Solo5Net.Tests.Guest.Drivers;

/// <summary>
/// The receive hand-back rule (guest/Solo5.Drivers/Net/ReceiveRefill.cs, compiled here unchanged)
/// driving a simulated 82540EM receive ring of 256 descriptors the way E1000Driver.Receive does:
/// the device owns RDH..RDT-1 and drops a frame when it owns none, the driver takes what the
/// device filled (at most a budget per call) and writes RDT only when the rule says so. Counts,
/// not times: tail writes per frame, frames dropped, descriptors left to the device.
/// </summary>
public sealed class ReceiveRefillTests
{
    private const int RingSize = 256, Budget = 64;

    private readonly SimulatedRing _ring = new();
    private readonly ReceiveRefill _refill = new(RingSize);

    /// <summary>The device's view: head, tail, and the frames it filled that the driver has not taken.</summary>
    private sealed class SimulatedRing
    {
        public int Head, Tail = RingSize - 1, Filled, Dropped, TailWrites;

        public int Owned => (Tail - Head + RingSize) % RingSize;

        public void Arrive(int frames)
        {
            for (int i = 0; i < frames; i++)
            {
                if (Owned == 0) { Dropped++; continue; }
                Head = (Head + 1) % RingSize;
                Filled++;
            }
        }
    }

    private int _next;

    /// <summary>E1000Driver.Receive: takes up to <see cref="Budget"/> filled descriptors, then
    /// writes RDT (the last one taken) when the rule asks for it.</summary>
    private int Receive()
    {
        int taken = Math.Min(_ring.Filled, Budget);
        _ring.Filled -= taken;
        _next = (_next + taken) % RingSize;
        if (taken > 0 && _refill.Consumed(taken))
        {
            _ring.Tail = (_next + RingSize - 1) % RingSize;
            _ring.TailWrites++;
        }
        return taken;
    }

    private void ReceiveAll()
    {
        while (Receive() > 0) { }
    }

    [Fact]
    public void One_frame_at_a_time_writes_the_tail_once_per_quarter_ring_not_once_per_frame()
    {
        for (int i = 0; i < 1000; i++)
        {
            _ring.Arrive(1);
            ReceiveAll();
        }
        _ring.Dropped.Should().Be(0);
        _ring.TailWrites.Should().Be(1000 / (RingSize / 4), "one RDT write per 64 frames taken (a VM exit each)");
    }

    [Fact]
    public void The_device_is_never_left_more_than_a_quarter_ring_short()
    {
        for (int i = 0; i < 1000; i++)
        {
            _ring.Arrive(1 + i % 7);
            ReceiveAll();
            _ring.Owned.Should().BeGreaterThanOrEqualTo(RingSize - 1 - (_refill.Batch - 1), $"after round {i}");
            _refill.Held.Should().BeLessThan(_refill.Batch);
        }
        _ring.Dropped.Should().Be(0);
    }

    [Fact]
    public void A_burst_bigger_than_one_batch_gets_through_whenever_it_comes()
    {
        // The worst moment: the driver holds batch - 1 descriptors it has not handed back.
        _ring.Arrive(_refill.Batch - 1);
        ReceiveAll();
        _refill.Held.Should().Be(_refill.Batch - 1);
        int burst = RingSize - _refill.Batch;
        burst.Should().BeGreaterThan(_refill.Batch);
        _ring.Arrive(burst);
        _ring.Dropped.Should().Be(0, "the device still owned three quarters of the ring");
        ReceiveAll();
        _ring.Arrive(burst);
        ReceiveAll();
        _ring.Dropped.Should().Be(0);
        _ring.Filled.Should().Be(0);
    }

    [Fact]
    public void A_ring_too_small_to_quarter_hands_back_every_buffer()
    {
        var tiny = new ReceiveRefill(2);
        tiny.Batch.Should().Be(1);
        tiny.Consumed(1).Should().BeTrue();
        tiny.Held.Should().Be(0);
    }
}
