using FluentAssertions;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;
using Solo5Net.Tests.DevEmu.Virtio;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>The e1000 model's interrupt moderation (ITR, in 256 ns units) on a clock the test
/// moves; the deferred interrupt is raised from the model's own timerfd, served as the poll loop
/// serves it.</summary>
public sealed class E1000InterruptModerationTests : IDisposable
{
    private const uint Itr = 4000; // 1.024 ms
    private const ulong IntervalNs = Itr * 256;
    private static readonly MacAddress Mac = MacAddress.ParseOrRandom("02:00:00:00:00:02");

    private readonly DmaSpace _dma = new();
    private readonly E1000Device _nic;
    private ulong _now = 1_000_000_000;

    public E1000InterruptModerationTests()
    {
        _nic = new E1000Device(_dma, new RecordingPort(), Mac, () => _now);
        _nic.WriteRegister(Reg.IMS, Reg.ICR_RXT0);
    }

    public void Dispose()
    {
        _nic.Dispose();
        _dma.Dispose();
    }

    [Fact]
    public void Without_itr_every_cause_raises_the_line_at_once()
    {
        RaiseAndAcknowledge();
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.InterruptsRaised.Should().Be(2);
        _nic.InterruptsDeferred.Should().Be(0);
    }

    [Fact]
    public void An_interrupt_within_the_interval_waits_for_its_end_then_rises()
    {
        _nic.WriteRegister(Reg.ITR, Itr);
        _nic.ReadRegister(Reg.ITR).Should().Be(Itr);
        RaiseAndAcknowledge();
        _now += IntervalNs / 2;
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeFalse("the interval since the last interrupt has not passed");
        _nic.ReadRegister(Reg.ICS).Should().Be(Reg.ICR_RXT0, "the cause is recorded at once; only the interrupt waits");
        _nic.WriteRegister(Reg.ICS, Reg.ICR_TXDW);
        _nic.InterruptsDeferred.Should().Be(1, "causes that come while one waits share it");

        _now += IntervalNs / 2;
        ServeThrottleTimer();
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.InterruptsRaised.Should().Be(2);
    }

    [Fact]
    public void An_interrupt_after_the_interval_rises_at_once()
    {
        _nic.WriteRegister(Reg.ITR, Itr);
        RaiseAndAcknowledge();
        _now += IntervalNs;
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.InterruptsDeferred.Should().Be(0);
    }

    [Fact]
    public void Causes_read_while_an_interrupt_waits_cancel_it()
    {
        _nic.WriteRegister(Reg.ITR, Itr);
        RaiseAndAcknowledge();
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.ReadRegister(Reg.ICR).Should().Be(Reg.ICR_RXT0, "a driver polling its rings may find the cause first");
        _now += IntervalNs;
        ServeThrottleTimer();
        _nic.Interrupts.IntxLevel.Should().BeFalse("nothing is left to interrupt for");
        _nic.InterruptsRaised.Should().Be(1);
    }

    [Fact]
    public void Reset_turns_moderation_off()
    {
        _nic.WriteRegister(Reg.ITR, Itr);
        RaiseAndAcknowledge();
        _nic.WriteRegister(Reg.CTRL, Reg.CTRL_RST);
        _nic.ReadRegister(Reg.ITR).Should().Be(0);
        _nic.WriteRegister(Reg.IMS, Reg.ICR_RXT0);
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
    }

    [Fact]
    public void The_counters_report_deferred_interrupts()
    {
        _nic.WriteRegister(Reg.ITR, Itr);
        RaiseAndAcknowledge();
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        var counters = _nic.Counters().ToDictionary(c => c.Name, c => c.Value);
        counters["interrupts-deferred"].Should().Be(1);
    }

    private void RaiseAndAcknowledge()
    {
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.ReadRegister(Reg.ICR);
        _nic.Interrupts.IntxLevel.Should().BeFalse();
    }

    /// <summary>Waits (bounded) until the model's timer is readable and serves it, as the poll loop does.</summary>
    private void ServeThrottleTimer()
    {
        var source = _nic.PollSources[^1];
        Span<PollFd> fds = [new PollFd { Fd = source.Fd, Events = UnixSocket.POLLIN }];
        UnixSocket.Poll(fds, 10_000).Should().Be(1, "the deferred interrupt's timer fires");
        source.OnReadable();
    }
}
