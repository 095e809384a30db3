using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Core;

/// <summary>
/// Runs hand-assembled guest code on a real KVM vCPU set up exactly as the tender does, to show
/// that windows above 4 GiB (trapped and memory-backed), port handlers and HALT work end to end.
/// </summary>
public class GuestWindowKvmTests
{
    private const ulong Memory = 4UL << 20, Code = 0x100000, HaltArgs = 0x200000;
    private const ulong TrappedWindow = 0x1_0000_0000, BackedWindow = 0x1_0020_0000, TwoMiB = 2UL << 20;

    private static byte[] Program()
    {
        var code = new List<byte>();
        void Emit(params byte[] bytes) => code.AddRange(bytes);
        void Imm64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); Emit(b); }
        Emit(0x48, 0xB8); Imm64(TrappedWindow);     // mov rax, TrappedWindow
        Emit(0x8B, 0x18);                           // mov ebx, [rax]       (MMIO read)
        Emit(0x89, 0x58, 0x04);                     // mov [rax+4], ebx     (MMIO write)
        Emit(0x48, 0xB9); Imm64(BackedWindow);      // mov rcx, BackedWindow
        Emit(0x8B, 0x11);                           // mov edx, [rcx]       (backed read)
        Emit(0x89, 0x59, 0x08);                     // mov [rcx+8], ebx     (backed write)
        Emit(0x89, 0x50, 0x08);                     // mov [rax+8], edx     (MMIO write)
        Emit(0xE4, 0x41);                           // in al, 0x41          (port read)
        Emit(0xE6, 0x42);                           // out 0x42, al         (port write)
        Emit(0xB8, 0x00, 0x00, 0x20, 0x00);         // mov eax, HaltArgs
        Emit(0x66, 0xBA, 0x08, 0x05);               // mov dx, 0x508
        Emit(0xEF);                                 // out dx, eax          (HALT)
        return [.. code];
    }

    [KvmFact]
    public void Trapped_and_backed_windows_ports_and_halt_work_on_a_real_vcpu()
    {
        using var vm = BootWithTrappedWindow();

        nint backing = Libc.Mmap(0, TwoMiB, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_ANONYMOUS, -1, 0);
        try
        {
            Marshal.WriteInt32(backing, unchecked((int)0xCAFEBABE));
            vm.AddMemorySlot(BackedWindow, TwoMiB, backing);

            var halt = vm.Memory.Slice(HaltArgs, 16);
            BinaryPrimitives.WriteUInt64LittleEndian(halt, 0);
            BinaryPrimitives.WriteInt32LittleEndian(halt[8..], 7);

            var traps = new TrapRouter();
            var mmio = new List<(ulong Offset, uint Value, bool Write)>();
            traps.AddMmio(TrappedWindow, 0x1000, (offset, data, isWrite) =>
            {
                if (!isWrite) BinaryPrimitives.WriteUInt32LittleEndian(data, 0x11223344);
                mmio.Add((offset, BinaryPrimitives.ReadUInt32LittleEndian(data), isWrite));
            });
            var ports = new List<(ushort Offset, byte Value, bool Write)>();
            traps.AddPio(0x40, 4, (offset, data, isWrite) =>
            {
                if (!isWrite) data[0] = 0x5A;
                ports.Add((offset, data[0], isWrite));
            });

            var result = new RunLoop(vm, new HypercallTable(), traps).Run();

            result.Should().Be(new HaltContext(7, 0, null));
            mmio.Should().Equal((0x0UL, 0x11223344u, false), (0x4UL, 0x11223344u, true), (0x8UL, 0xCAFEBABEu, true));
            ports.Should().Equal(((ushort)1, (byte)0x5A, false), ((ushort)2, (byte)0x5A, true));
            Marshal.ReadInt32(backing, 8).Should().Be(0x11223344, "the guest wrote through the memslot");
        }
        finally
        {
            Libc.Munmap(backing, TwoMiB);
        }
    }

    /// <summary>xorps with a memory operand in a trapped window: KVM must emulate the access and its
    /// instruction emulator has no SSE logic operations, on hardware KVM, on nested KVM and on the
    /// software KVM alike (docs/platform.md §2). On ordinary memory the instruction just runs where
    /// the CPU (or QEMU's emulation of it) executes SSE.</summary>
    private static byte[] XorpsOnMmio()
    {
        var code = new List<byte> { 0x48, 0xB8 };                 // mov rax, TrappedWindow
        var address = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(address, TrappedWindow);
        code.AddRange(address);
        code.AddRange([0x0F, 0x57, 0x00]);                        // xorps xmm0, [rax]
        return [.. code];
    }

    [KvmFact]
    public void An_instruction_the_emulator_cannot_run_is_an_internal_error_naming_its_bytes()
    {
        using var vm = BootWithTrappedWindow(XorpsOnMmio());
        var traps = new TrapRouter();
        traps.AddMmio(TrappedWindow, 0x1000, (_, _, _) => { });
        var act = () => new RunLoop(vm, new HypercallTable(), traps).Run();
        act.Should().Throw<TenderException>().WithMessage(
            $"KVM: internal error exit: suberror=0x1, rip=0x{Code + 10:x}, instruction bytes: 0f 57 00 *(the host cannot emulate this instruction)");
    }

    /// <summary>A fresh VM set up by the tender's own CPU boot (<see cref="BootCpu"/>), about to run
    /// <paramref name="program"/> (default <see cref="Program"/>), with both windows in the page
    /// tables but no memslots (all accesses trap).</summary>
    private static VirtualMachine BootWithTrappedWindow(byte[]? program = null)
    {
        var vm = VirtualMachine.Create(Memory);
        var tables = new PageTableBuilder();
        BootCpu.Initialise(vm, tables, Code);
        var low = vm.Memory.Slice(0, GuestLayout.ExtraTablesEnd);
        tables.MapWindow(low, TrappedWindow, 0x1000, CacheMode.Uncached);
        tables.MapWindow(low, BackedWindow, TwoMiB, CacheMode.WriteBack);
        (program ?? Program()).CopyTo(vm.Memory.Slice(Code, 0x100));
        return vm;
    }

    [KvmFact]
    public void An_untrapped_window_access_is_an_unhandled_mmio_exit()
    {
        using var vm = BootWithTrappedWindow();
        var act = () => new RunLoop(vm, new HypercallTable(), new TrapRouter()).Run();
        act.Should().Throw<TenderException>().WithMessage($"KVM: unhandled exit: exit_reason=0x6, rip=0x{Code + 10:x}");
    }

    [KvmFact]
    public void An_unregistered_port_is_an_invalid_guest_port_access()
    {
        using var vm = BootWithTrappedWindow();
        var traps = new TrapRouter();
        traps.AddMmio(TrappedWindow, 0x1000, (_, _, _) => { });
        traps.AddMmio(BackedWindow, TwoMiB, (_, _, _) => { });
        var act = () => new RunLoop(vm, new HypercallTable(), traps).Run();
        act.Should().Throw<TenderException>().WithMessage("Invalid guest port access: port=0x41");
    }
}
