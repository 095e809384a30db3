using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.VfioVm.Harness;

/// <summary>A fact that boots the VFIO test VM. Skips when the machine lacks QEMU, a Debian kernel
/// or a static busybox (tests/vfio-vm/apt-packages.txt), except when CI is set: there it runs,
/// and a missing prerequisite fails it with the reason.</summary>
public sealed class VfioVmFactAttribute : FactAttribute
{
    public VfioVmFactAttribute()
    {
        if (TestEnvironment.IsCi) return;
        var why = VfioTestVm.WhyUnavailable;
        if (why != null) Skip = $"VFIO test VM not available ({why}); set CI=1 to make this a failure";
    }
}
