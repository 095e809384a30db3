using FluentAssertions;
using Solo5Net.DevEmu.E1000;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Switch;

public sealed class InstanceMacsTests
{
    [Fact]
    public void Given_addresses_come_first_and_the_rest_follow_the_first_skipping_those_in_use()
    {
        var macs = InstanceMacs.Assign(["02:00:00:00:00:fe", "02:00:00:00:01:00"], 4).Select(m => m.ToString());
        macs.Should().Equal("02:00:00:00:00:fe", "02:00:00:00:01:00", "02:00:00:00:00:ff", "02:00:00:00:01:01");
    }

    [Fact]
    public void Without_an_address_each_instance_gets_a_distinct_locally_administered_one()
    {
        var macs = InstanceMacs.Assign([], 8);
        macs.Should().OnlyHaveUniqueItems();
        macs.Select(m => m.Bytes[0] & 0x03).Should().OnlyContain(bits => bits == 0x02, "unicast, locally administered");
    }

    [Fact]
    public void More_addresses_than_instances_or_two_instances_on_one_address_are_refused()
    {
        FluentActions.Invoking(() => InstanceMacs.Assign(["02:00:00:00:00:01", "02:00:00:00:00:02"], 1))
            .Should().Throw<ArgumentException>().WithMessage("--mac is given 2 times but --clients is 1*");
        FluentActions.Invoking(() => InstanceMacs.Assign(["02:00:00:00:00:01", "02:00:00:00:00:01"], 2))
            .Should().Throw<ArgumentException>().WithMessage("instances 0 and 1 would share the MAC address 02:00:00:00:00:01*");
    }
}
