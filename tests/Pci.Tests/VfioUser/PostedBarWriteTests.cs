using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.VfioUser;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

/// <summary>
/// A vfio-user device posts its BAR writes (docs/abi.md §5, docs/vfio-user.md): against a real
/// hvt-devemu edu, a BAR write does not wait for the server (a refused one is not reported, where a
/// refused configuration write still is), takes effect before a later read is answered, and a
/// server that stops reading (SIGSTOP) still ends a write within the running guest's bound, with the
/// error that ends the tender.
/// </summary>
public sealed class PostedBarWriteTests : IDisposable
{
    private const int Sigstop = 19, Sigcont = 18;
    private const int Bar0 = 0;
    private const ulong Liveness = 0x04, Bar0Size = 1 << 20;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DevEmuServer _server = DevEmuServer.StartEdu();
    private readonly VfioUserDevice _device;

    public PostedBarWriteTests()
    {
        try
        {
            _device = VfioUserDevice.Connect(_server.SocketPath);
            _device.SetupComplete();
        }
        catch
        {
            _server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _server.Signal(Sigcont);
        _device.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Bar_writes_take_effect_in_order_before_the_next_read_is_answered()
    {
        for (uint value = 1; value <= 200; value++) _device.WriteRegion(Bar0, Liveness, BitConverter.GetBytes(value));
        var back = new byte[4];
        _device.ReadRegion(Bar0, Liveness, back);
        BitConverter.ToUInt32(back).Should().Be(~200u, "edu's liveness register holds the inverse of the last write");
    }

    [Fact]
    public void A_refused_bar_write_is_posted_and_unreported_but_a_refused_configuration_write_is_reported()
    {
        _device.WriteRegion(Bar0, Bar0Size - 2, [1, 2, 3, 4]);   // past the end: the server refuses it, silently
        _server.WaitForOutput("RegionWrite failed (EINVAL) and asked for no reply").Should().BeTrue(_server.Describe());
        var refused = () => _device.WriteConfig(255, [1, 2]);
        refused.Should().Throw<PciAccessRefusedException>().WithMessage("*RegionWrite: EINVAL*");
        var ids = new byte[4];
        _device.ReadConfig(0, ids);
        BitConverter.ToUInt32(ids).Should().Be(0x11e81234u, "the connection is still in step");
    }

    [Fact]
    public void A_server_that_stops_reading_ends_a_bar_write_within_the_bound_with_the_error_that_ends_the_tender()
    {
        _server.Signal(Sigstop);
        Exception? failure = null;
        var writes = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 1_000_000; i++) _device.WriteRegion(Bar0, Liveness, [1, 2, 3, 4]);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "vcpu-writes" };
        writes.Start();
        writes.Join(Bound).Should().BeTrue("a posted write is bounded by the send deadline");
        failure.Should().BeOfType<PciException>("a server that takes nothing more is gone for the tender");
        failure!.Message.Should().Contain("RegionWrite: ETIMEDOUT").And.Contain("took no more of a").And.NotContain("\n");
    }
}
