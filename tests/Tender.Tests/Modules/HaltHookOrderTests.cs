using FluentAssertions;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Modules;

/// <summary>A core file is written while DMA memory and devices still exist: inspecting hooks run
/// before releasing ones, whatever order the modules registered them in.</summary>
public class HaltHookOrderTests
{
    [Fact]
    public void Inspect_hooks_run_before_release_hooks_each_in_registration_order()
    {
        var order = new List<string>();
        var hooks = new HaltHookList();
        hooks.Add(_ => order.Add("pci release"), HaltPhase.Release);
        hooks.Add(_ => order.Add("dumpcore"), HaltPhase.Inspect);
        hooks.Add(_ => order.Add("gdb release"), HaltPhase.Release);
        hooks.Add(_ => order.Add("second inspector"), HaltPhase.Inspect);

        hooks.RunAll(new HaltContext(255, 0, null));

        order.Should().Equal("dumpcore", "second inspector", "pci release", "gdb release");
    }

    [Fact]
    public void Every_hook_sees_the_same_halt()
    {
        var seen = new List<HaltContext>();
        var hooks = new HaltHookList();
        hooks.Add(seen.Add, HaltPhase.Release);
        hooks.Add(seen.Add, HaltPhase.Inspect);
        var halt = new HaltContext(0, 0, 15);
        hooks.RunAll(halt);
        seen.Should().HaveCount(2).And.OnlyContain(h => ReferenceEquals(h, halt));
    }
}
