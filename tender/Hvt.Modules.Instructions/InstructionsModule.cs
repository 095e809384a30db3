using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Instructions;

/// <summary>
/// --insn-count=FILE and --insn-profile=FILE (docs/tender.md): count every guest instruction by
/// single-stepping the vCPU (<see cref="InstructionCounter"/>), with the running counts in FILE
/// (<see cref="InstructionCountFile"/>) and/or, when the run ends, a count per instruction address
/// (<see cref="InstructionProfile"/>). Exact on any KVM that can single-step, the test VM's nested
/// KVM included, and one exit per instruction slower: a measuring tool, not a way to run.
/// Both files are opened during set-up, before the seccomp filter closes opening files by name.
/// </summary>
public sealed class InstructionsModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--insn-";
    private const string CountPrefix = "--insn-count=", ProfilePrefix = "--insn-profile=";
    private const int Mode = 0x1A4;   // 0644

    private string? _countPath, _profilePath;

    public string Name => "insn";

    public string Usage =>
        "  [ --insn-count=FILE ] (single-step the guest, keeping its instruction count in FILE)\n" +
        "  [ --insn-profile=FILE ] (single-step the guest; at the end, write its instructions per address to FILE)";

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        if (arg.StartsWith(CountPrefix, StringComparison.Ordinal)) _countPath = PathOf(arg, CountPrefix);
        else if (arg.StartsWith(ProfilePrefix, StringComparison.Ordinal)) _profilePath = PathOf(arg, ProfilePrefix);
        else return false;
        return true;
    }

    private static string PathOf(string arg, string prefix)
    {
        var path = arg[prefix.Length..];
        if (path.Length == 0) throw new InvalidOptionException($"insn: {prefix}FILE needs a file");
        return path;
    }

    public void Setup(ModuleSetupContext ctx)
    {
        if (_countPath == null && _profilePath == null) return;
        string option = _countPath != null ? "--insn-count" : "--insn-profile";
        ctx.RequireNoDebugger(option);
        var target = ctx.DebugTarget;
        if ((target.SupportedControl & KvmGuestDebug.KVM_GUESTDBG_SINGLESTEP) == 0)
            throw new TenderException("insn: this KVM cannot single-step a guest (KVM_CAP_SET_GUEST_DEBUG)");

        using var scope = new SetupScope();
        var countFile = _countPath == null ? null : scope.Own(OpenForWriting(_countPath));
        var profileFile = _profilePath == null ? null : scope.Own(OpenForWriting(_profilePath));
        var counts = countFile == null ? null : scope.Own(InstructionCountFile.Create(countFile));
        var counter = new InstructionCounter(target, counts == null ? null : counts.Store, byAddress: profileFile != null);
        scope.Commit();

        ctx.AttachDebugger(counter, option);
        ctx.RegisterHaltHook(_ =>
        {
            counts?.Dispose();
            countFile?.Dispose();
            if (profileFile != null)
                using (profileFile)
                    WriteProfile(ctx, profileFile, counter);
        });
    }

    private static FileDescriptor OpenForWriting(string path)
    {
        var file = Libc.TryOpen(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_TRUNC, out int errno, Mode);
        return file ?? throw new TenderException($"insn: cannot open {path}: {Libc.StrError(errno)}");
    }

    private void WriteProfile(ModuleSetupContext ctx, FileDescriptor file, InstructionCounter counter)
    {
        try
        {
            Libc.WriteAll(file.Number, Utf8Text.GetBytes(InstructionProfile.Format(counter.ByAddress)));
        }
        catch (SystemCallException e)
        {
            ctx.Warn($"insn: writing {_profilePath} failed: {e.Message}");
        }
    }
}
