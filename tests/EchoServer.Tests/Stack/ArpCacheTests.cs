using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Arp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>The ARP cache's copy of the entry found last never outlives or hides a change to it.</summary>
public class ArpCacheTests
{
    private const uint Ip = 0x0A000001, Other = 0x0A000009;
    private static readonly MacAddress MacA = new(0x02_00_00_00_00_0AUL), MacB = new(0x02_00_00_00_00_0BUL);

    [Fact]
    public void A_refreshed_entry_is_found_with_its_new_address_and_time()
    {
        var cache = new ArpCache(4);
        cache.Set(Ip, MacA, 1000);
        cache.TryGet(Ip, 2000, out var first).Should().BeTrue();
        first.Value.Should().Be(MacA.Value);

        cache.Set(Ip, MacB, 5000);
        cache.TryGet(Ip, 5000 + ArpCache.LifetimeNanoseconds - 1, out var second).Should().BeTrue("refreshed at 5000");
        second.Value.Should().Be(MacB.Value);
        cache.TryGet(Ip, 5000 + ArpCache.LifetimeNanoseconds, out _).Should().BeFalse("expired");
    }

    /// <summary>Six octets as they lie in a frame, first octet lowest.</summary>
    private static ulong InMemory(MacAddress mac)
    {
        var octets = new byte[8];
        mac.Write(octets, 0);
        return BitConverter.ToUInt64(octets);
    }

    [Fact]
    public void The_entry_found_last_is_confirmed_by_a_frame_from_its_address_whatever_its_age()
    {
        var cache = new ArpCache(4);
        cache.Set(Ip, MacA, 1000);
        cache.TryGetConfirmed(Ip, InMemory(MacA), out _).Should().BeFalse("no lookup has found the entry yet");
        cache.TryGet(Ip, 2000, out _).Should().BeTrue();

        cache.TryGetConfirmed(Ip, InMemory(MacA), out var confirmed).Should().BeTrue();
        confirmed.Value.Should().Be(MacA.Value);
        cache.TryGet(Ip, 1000 + ArpCache.LifetimeNanoseconds, out _).Should().BeFalse("expired for a lookup by time");
        cache.TryGetConfirmed(Ip, InMemory(MacA), out _).Should().BeTrue("a frame from the cached address confirms it");
        cache.TryGetConfirmed(Ip, InMemory(MacB), out _).Should().BeFalse("a frame from another address does not");
        cache.TryGetConfirmed(Other, InMemory(MacA), out _).Should().BeFalse("nor one for another host");
    }

    [Fact]
    public void A_refreshed_entry_is_not_confirmed_with_its_old_address()
    {
        var cache = new ArpCache(4);
        cache.Set(Ip, MacA, 1000);
        cache.TryGet(Ip, 2000, out _).Should().BeTrue();
        cache.Set(Ip, MacB, 3000);
        cache.TryGetConfirmed(Ip, InMemory(MacA), out _).Should().BeFalse();
        cache.TryGet(Ip, 4000, out _).Should().BeTrue();
        cache.TryGetConfirmed(Ip, InMemory(MacB), out var confirmed).Should().BeTrue();
        confirmed.Value.Should().Be(MacB.Value);
    }

    [Fact]
    public void An_entry_found_last_and_then_replaced_is_gone()
    {
        var cache = new ArpCache(1);
        cache.Set(Ip, MacA, 1000);
        cache.TryGet(Ip, 1000, out _).Should().BeTrue();

        cache.Set(Other, MacB, 2000);   // the only slot is reused

        cache.TryGet(Ip, 2000, out _).Should().BeFalse();
        cache.TryGet(Other, 2000, out var mac).Should().BeTrue();
        mac.Value.Should().Be(MacB.Value);
    }

    [Fact]
    public void Lookups_alternating_between_two_hosts_find_each_ones_address()
    {
        var cache = new ArpCache(4);
        cache.Set(Ip, MacA, 1000);
        cache.Set(Other, MacB, 1000);
        for (var i = 0; i < 3; i++)
        {
            cache.TryGet(Ip, 1000, out var a).Should().BeTrue();
            a.Value.Should().Be(MacA.Value);
            cache.TryGet(Other, 1000, out var b).Should().BeTrue();
            b.Value.Should().Be(MacB.Value);
        }
        cache.TryGet(0x0A000063, 1000, out _).Should().BeFalse();
    }
}
