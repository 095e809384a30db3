using System.Runtime.InteropServices;
using FluentAssertions;
using Solo5Net.Interop;

namespace Solo5Net.Tests.Tender.Core;

/// <summary>Kernel structure layouts and ioctl numbers against the values of linux/kvm.h (x86-64).</summary>
public class InteropLayoutTests
{
    [Fact]
    public void Ioctl_numbers_match_the_kernel_headers()
    {
        KvmIoctls.KVM_GET_API_VERSION.Should().Be(0xAE00);
        KvmIoctls.KVM_CREATE_VM.Should().Be(0xAE01);
        KvmIoctls.KVM_CHECK_EXTENSION.Should().Be(0xAE03);
        KvmIoctls.KVM_GET_VCPU_MMAP_SIZE.Should().Be(0xAE04);
        KvmIoctls.KVM_GET_SUPPORTED_CPUID.Should().Be(0xC008AE05);
        KvmIoctls.KVM_CREATE_VCPU.Should().Be(0xAE41);
        KvmIoctls.KVM_SET_USER_MEMORY_REGION.Should().Be(0x4020AE46);
        KvmIoctls.KVM_IOEVENTFD.Should().Be(0x4040AE79);
        KvmIoctls.KVM_RUN.Should().Be(0xAE80);
        KvmIoctls.KVM_GET_REGS.Should().Be(0x8090AE81);
        KvmIoctls.KVM_SET_REGS.Should().Be(0x4090AE82);
        KvmIoctls.KVM_GET_SREGS.Should().Be(0x8138AE83);
        KvmIoctls.KVM_SET_SREGS.Should().Be(0x4138AE84);
        KvmIoctls.KVM_SET_CPUID2.Should().Be(0x4008AE90);
        KvmIoctls.KVM_GET_TSC_KHZ.Should().Be(0xAEA3);
        KvmIoctls.KVM_SET_GUEST_DEBUG.Should().Be(0x4048AE9B);
    }

    [Fact]
    public void Structures_have_the_kernel_sizes_and_offsets()
    {
        Marshal.SizeOf<KvmRegs>().Should().Be(144);
        Marshal.OffsetOf<KvmRegs>(nameof(KvmRegs.Rip)).Should().Be(128);
        Marshal.SizeOf<KvmSegment>().Should().Be(24);
        Marshal.OffsetOf<KvmSegment>(nameof(KvmSegment.Unusable)).Should().Be(22);
        Marshal.SizeOf<KvmSregs>().Should().Be(312);
        Marshal.OffsetOf<KvmSregs>(nameof(KvmSregs.Gdt)).Should().Be(192);
        Marshal.OffsetOf<KvmSregs>(nameof(KvmSregs.Cr0)).Should().Be(224);
        Marshal.OffsetOf<KvmSregs>(nameof(KvmSregs.Efer)).Should().Be(264);
        Marshal.SizeOf<KvmUserspaceMemoryRegion>().Should().Be(32);
        Marshal.SizeOf<KvmIoeventfd>().Should().Be(64);
        Marshal.OffsetOf<KvmIoeventfd>(nameof(KvmIoeventfd.Flags)).Should().Be(24);
        Marshal.SizeOf<KvmCpuidEntry2>().Should().Be(40);
        Marshal.SizeOf<KvmGuestDebug>().Should().Be(72, "control, pad, debugreg[8]");
        Marshal.OffsetOf<KvmGuestDebug>(nameof(KvmGuestDebug.Dr0)).Should().Be(8);
        Marshal.OffsetOf<KvmGuestDebug>(nameof(KvmGuestDebug.Dr3)).Should().Be(32);
        Marshal.OffsetOf<KvmGuestDebug>(nameof(KvmGuestDebug.Dr7)).Should().Be(64);
        Marshal.SizeOf<EpollEvent>().Should().Be(12);
        Marshal.SizeOf<Itimerspec>().Should().Be(32);
    }

    [Fact]
    public void Failed_calls_name_the_call_and_the_errno()
    {
        var act = () => Libc.Open("/nonexistent/solo5net", Libc.O_RDONLY);
        act.Should().Throw<SystemCallException>().WithMessage("open(/nonexistent/solo5net): ENOENT (2)")
            .Which.ErrorNumber.Should().Be(Errno.ENOENT);
        Libc.TryOpen("/nonexistent/solo5net", Libc.O_RDONLY, out int errno).Should().BeNull();
        errno.Should().Be(Errno.ENOENT);
        Errno.Name(9999).Should().Be("errno 9999");
        Libc.StrError(Errno.ENOENT).Should().Be("No such file or directory");
    }

    [Fact]
    public void Epoll_timerfd_and_eventfd_work_together()
    {
        using FileDescriptor epollFd = Epoll.Create(), timerFd = Timerfd.Create(), eventFdOwner = Eventfd.Create();
        int epoll = epollFd.Number, timer = timerFd.Number, eventFd = eventFdOwner.Number;
        Epoll.Add(epoll, timer, Epoll.EPOLLIN, 1);
        Epoll.Add(epoll, eventFd, Epoll.EPOLLIN, 2);
        var events = new EpollEvent[4];
        Epoll.Wait(epoll, events, 0).Should().Be(0);
        Eventfd.Signal(eventFd, 3);
        Epoll.Wait(epoll, events, 1000).Should().Be(1);
        events[0].Data.Should().Be(2);
        Eventfd.Drain(eventFd).Should().Be(3);
        Eventfd.Drain(eventFd).Should().Be(0);
        Timerfd.SetOneShot(timer, Timespec.FromNanoseconds(1));
        Epoll.Wait(epoll, events, 5000).Should().Be(1);
        events[0].Data.Should().Be(1);
    }
}
