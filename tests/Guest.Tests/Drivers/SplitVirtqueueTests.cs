using System.Runtime.InteropServices;
using FluentAssertions;
using Solo5Net.Drivers.Virtio;
using Xunit;

namespace Solo5Net.Tests.Guest.Drivers;

/// <summary>
/// The guest driver's split virtqueue (guest/Solo5.Drivers/Virtio/SplitVirtqueue.cs, compiled here
/// unchanged) on the host, with this test as the device reading the avail ring and writing the used
/// ring as docs/virtio-net.md §4 lays them out: descriptors, publication, both indexes wrapping at
/// 65536, refilling in batches, doorbells only when the device wants them (one per batch, none
/// when it set VIRTQ_USED_F_NO_NOTIFY), and transmit completions reclaimed.
/// </summary>
public sealed unsafe class SplitVirtqueueTests : IDisposable
{
    private const ushort Size = 8;
    private const int BufferSize = 256;
    // Bus addresses the device would be given: deliberately not the host pointers.
    private const ulong TableBus = 0x4000_0000, AvailBus = 0x4000_1000, UsedBus = 0x4000_2000, BuffersBus = 0x4001_0000;

    private readonly byte* _table, _avail, _used, _buffers;
    private readonly SplitVirtqueue _queue;
    private ushort _deviceAvail, _deviceUsed;

    public SplitVirtqueueTests()
    {
        _table = Allocate(VirtqueueMemory.TableBytes(Size), VirtqueueMemory.TableAlignment);
        _avail = Allocate(VirtqueueMemory.AvailBytes(Size), VirtqueueMemory.AvailAlignment);
        _used = Allocate(VirtqueueMemory.UsedBytes(Size), VirtqueueMemory.UsedAlignment);
        _buffers = Allocate(VirtqueueMemory.BufferBytes(Size, BufferSize), VirtqueueMemory.BufferAlignment);
        _queue = new SplitVirtqueue(Size, BufferSize, new VirtqueueMemory
        {
            Table = _table, TableBus = TableBus, Avail = _avail, AvailBus = AvailBus,
            Used = _used, UsedBus = UsedBus, Buffers = _buffers, BuffersBus = BuffersBus,
        });
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_table);
        NativeMemory.AlignedFree(_avail);
        NativeMemory.AlignedFree(_used);
        NativeMemory.AlignedFree(_buffers);
    }

    private static byte* Allocate(ulong bytes, ulong alignment)
    {
        var p = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, (nuint)Math.Max(alignment, 8));
        NativeMemory.Clear(p, (nuint)bytes);
        return p;
    }

    private ushort AvailIndex => *(ushort*)(_avail + 2);
    private ushort AvailFlags => *(ushort*)_avail;

    private VirtqDescriptor Descriptor(int id) => ((VirtqDescriptor*)_table)[id];

    /// <summary>The device takes every published head, in ring order.</summary>
    private List<ushort> DeviceTakesAvailable()
    {
        var heads = new List<ushort>();
        while (_deviceAvail != AvailIndex)
        {
            heads.Add(*(ushort*)(_avail + 4 + 2 * (_deviceAvail % Size)));
            _deviceAvail++;
        }
        return heads;
    }

    /// <summary>The device returns <paramref name="id"/> with <paramref name="length"/> bytes written, entry first, then the index.</summary>
    private void DeviceReturns(uint id, uint length)
    {
        byte* entry = _used + 4 + 8 * (_deviceUsed % Size);
        *(uint*)entry = id;
        *(uint*)(entry + 4) = length;
        _deviceUsed++;
        *(ushort*)(_used + 2) = _deviceUsed;
    }

    [Fact]
    public void An_offered_buffer_is_described_by_its_own_descriptor_with_the_bus_address()
    {
        _queue.Offer(3, 100, deviceWrites: true);
        _queue.Offer(5, 60, deviceWrites: false);
        var receive = Descriptor(3);
        (receive.Address, receive.Length, receive.Flags, receive.Next).Should().Be((BuffersBus + 3 * BufferSize, 100u, VirtqDescriptor.FlagWrite, (ushort)0));
        var transmit = Descriptor(5);
        (transmit.Address, transmit.Length, transmit.Flags).Should().Be((BuffersBus + 5 * BufferSize, 60u, (ushort)0));
        ((ulong)_queue.Buffer(5) - (ulong)_buffers).Should().Be(5 * BufferSize, "the driver writes through its own pointer");
        (_queue.TableAddress, _queue.DriverAddress, _queue.DeviceAddress).Should().Be((TableBus, AvailBus, UsedBus));
    }

    [Fact]
    public void Offers_are_invisible_until_published_with_one_index_store()
    {
        for (ushort id = 0; id < 4; id++) _queue.Offer(id, BufferSize, deviceWrites: true);
        AvailIndex.Should().Be(0, "the device must not see a ring entry before its descriptor");
        DeviceTakesAvailable().Should().BeEmpty();
        _queue.Publish().Should().BeTrue();
        AvailIndex.Should().Be(4);
        _queue.Publish().Should().BeFalse("nothing new: no doorbell");
        DeviceTakesAvailable().Should().Equal(0, 1, 2, 3);
        _queue.InFlight.Should().Be(4);
    }

    [Fact]
    public void Both_indexes_wrap_around_at_65536_and_every_buffer_comes_back_in_order()
    {
        // 70 000 round trips of one buffer each: avail and used indexes pass 65535 → 0, slots idx mod 8.
        for (int i = 0; i < 70_000; i++)
        {
            ushort id = (ushort)(i % Size);
            _queue.Offer(id, BufferSize, deviceWrites: true);
            _queue.Publish().Should().BeTrue();
            var heads = DeviceTakesAvailable();
            if (heads.Count != 1 || heads[0] != id) heads.Should().Equal([id], $"round {i}");
            DeviceReturns(id, (uint)(i & 0xFF));
            if (!_queue.TryTakeUsed(out var back, out var length) || back != id || length != (uint)(i & 0xFF))
                ((int)back, length).Should().Be(((int)id, (uint)(i & 0xFF)), $"round {i}");
        }
        AvailIndex.Should().Be(unchecked((ushort)70_000));
        _queue.TryTakeUsed(out _, out _).Should().BeFalse();
        _queue.InFlight.Should().Be(0);
    }

    [Fact]
    public void Receive_buffers_are_refilled_in_a_batch_with_one_publication()
    {
        for (ushort id = 0; id < Size; id++) _queue.Offer(id, BufferSize, deviceWrites: true);
        _queue.Publish();
        DeviceTakesAvailable().Should().HaveCount(Size);
        foreach (uint id in new uint[] { 2, 0, 7, 5, 1 }) DeviceReturns(id, 64);

        var refilled = new List<ushort>();
        while (_queue.TryTakeUsed(out var id, out _))
        {
            refilled.Add(id);
            _queue.Offer(id, BufferSize, deviceWrites: true);
        }
        refilled.Should().Equal(2, 0, 7, 5, 1);
        AvailIndex.Should().Be(Size, "nothing is visible before the batch is published");
        _queue.Publish().Should().BeTrue();
        AvailIndex.Should().Be(Size + 5);
        DeviceTakesAvailable().Should().Equal(2, 0, 7, 5, 1);
        _queue.InFlight.Should().Be(Size);
    }

    [Fact]
    public void A_used_entry_naming_a_descriptor_past_the_queue_is_skipped()
    {
        _queue.Offer(1, BufferSize, deviceWrites: true);
        _queue.Publish();
        DeviceReturns(Size, 10);
        DeviceReturns(0xFFFF_FFFF, 10);
        DeviceReturns(1, 42);
        _queue.TryTakeUsed(out var id, out var length).Should().BeTrue();
        (id, length).Should().Be(((ushort)1, 42u));
        _queue.TryTakeUsed(out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Transmit_completions_are_reclaimed_into_the_free_list_and_a_bad_id_never_frees_twice()
    {
        var free = new DescriptorFreeList(Size);
        var taken = new List<ushort>();
        while (free.TryTake(out var id))
        {
            taken.Add(id);
            _queue.Offer(id, 60, deviceWrites: false);
        }
        taken.Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
        _queue.Publish();
        free.Count.Should().Be(0);

        DeviceReturns(4, 0);
        DeviceReturns(6, 0);
        DeviceReturns(4, 0);      // returned twice by a broken device
        DeviceReturns(Size, 0);   // a descriptor that does not exist
        free.Reclaim(_queue);
        free.Count.Should().Be(2);
        free.TryTake(out var first).Should().BeTrue();
        free.TryTake(out var second).Should().BeTrue();
        new[] { first, second }.Should().BeEquivalentTo(new ushort[] { 4, 6 });
        free.TryTake(out _).Should().BeFalse();

        free.Reset();
        free.Count.Should().Be(Size);
        free.Return(3).Should().BeFalse("a free descriptor cannot be freed again");
    }

    [Fact]
    public void Clear_forgets_everything_offered_and_used_and_suppression_sets_the_no_interrupt_flag()
    {
        _queue.SuppressInterrupts();
        AvailFlags.Should().Be(1);
        _queue.Offer(0, BufferSize, deviceWrites: false);
        _queue.Publish();
        DeviceReturns(0, 0);
        _queue.Clear();
        (AvailFlags, AvailIndex, *(ushort*)(_used + 2)).Should().Be(((ushort)0, (ushort)0, (ushort)0));
        _queue.TryTakeUsed(out _, out _).Should().BeFalse();
        _queue.InFlight.Should().Be(0);
    }

    /// <summary>What VirtioNetDriver.Receive and Flush do after a batch: publish, then ring the
    /// doorbell (a VM exit) only when something was published and the device wants to be told.</summary>
    private int DoorbellsAfterPublish() => _queue.Publish() && _queue.DeviceWantsNotification ? 1 : 0;

    private void DeviceSetsUsedFlags(ushort flags) => *(ushort*)_used = flags;

    [Fact]
    public void A_batch_of_sends_rings_the_doorbell_once()
    {
        var doorbells = 0;
        for (ushort id = 0; id < Size; id++) _queue.Offer(id, 60, deviceWrites: false);
        doorbells += DoorbellsAfterPublish();
        doorbells += DoorbellsAfterPublish();
        doorbells.Should().Be(1, "eight frames, one publication, one doorbell");
        DeviceTakesAvailable().Should().HaveCount(Size);
    }

    [Fact]
    public void Refilled_receive_buffers_ring_no_doorbell_when_the_device_set_no_notify()
    {
        for (ushort id = 0; id < Size; id++) _queue.Offer(id, BufferSize, deviceWrites: true);
        _queue.Publish();
        DeviceTakesAvailable();
        DeviceSetsUsedFlags(1);   // VIRTQ_USED_F_NO_NOTIFY: the model looks at the avail ring whenever a frame arrives

        var doorbells = 0;
        for (int round = 0; round < 100; round++)
        {
            for (uint i = 0; i < 3; i++) DeviceReturns((uint)((round * 3 + i) % Size), 64);
            while (_queue.TryTakeUsed(out var id, out _)) _queue.Offer(id, BufferSize, deviceWrites: true);
            doorbells += DoorbellsAfterPublish();
            DeviceTakesAvailable().Should().HaveCount(3, "the refilled buffers are visible without a doorbell");
        }
        doorbells.Should().Be(0);

        DeviceSetsUsedFlags(0);
        DeviceReturns(0, 64);
        _queue.TryTakeUsed(out var again, out _).Should().BeTrue();
        _queue.Offer(again, BufferSize, deviceWrites: true);
        DoorbellsAfterPublish().Should().Be(1, "a device that clears the flag is told again");
    }
}
