using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Dumpcore;

/// <summary>
/// --dumpcore=DIR (docs/hvt-abi.md §8.5): when the guest halts with status 255 (abort), write an ELF
/// core of guest memory, the regions other modules added (DMA windows) and vCPU state to
/// DIR/core.solo5-hvt.&lt;pid&gt;. It runs before any module releases its memory (<see cref="HaltPhase.Inspect"/>).
/// A confined tender creates no file by name (docs/security.md), so the core is an unnamed file
/// made in DIR during set-up and named only when written: nothing is left in DIR when the guest does
/// not abort. On a file system without unnamed files it is created, empty, by name at set-up.
/// </summary>
public sealed class DumpcoreModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--dumpcore";
    private const string Prefix = "--dumpcore=";
    private const int AbortStatus = 255;

    private string? _directory;

    public string Name => "dumpcore";

    public string Usage => "  [ --dumpcore=DIR ] (write a guest core file to DIR when the guest aborts)";

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        if (!arg.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var dir = arg[Prefix.Length..];
        using (var directory = Libc.TryOpen(dir, Libc.O_RDONLY | Libc.O_DIRECTORY, out int errno))
            if (directory == null) throw new TenderException($"dumpcore: cannot open dir: {dir}: {Libc.StrError(errno)}");
        int access = Libc.TryAccess(dir, Libc.W_OK);
        if (access < 0) throw new TenderException($"dumpcore: dir not writable: {dir}: {Libc.StrError(-access)}");
        _directory = dir;
        return true;
    }

    public void Setup(ModuleSetupContext ctx)
    {
        if (_directory == null) return;
        var path = Path.Combine(_directory, $"core.solo5-hvt.{Libc.GetPid()}");
        const int mode = 0x180;   // 0600
        var file = Libc.TryCreateUnnamed(_directory, out int errno, mode);
        bool named = false;
        if (file == null && errno is Errno.EOPNOTSUPP or Errno.EISDIR)
        {
            file = Libc.TryOpen(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL, out errno, mode);
            named = true;
        }
        if (file == null)
        {
            ctx.Warn($"dumpcore: could not create {path}: {Libc.StrError(errno)}");
            return;
        }
        ctx.RegisterHaltHook(halt =>
        {
            using (file)
                if (halt.Signal == null && halt.ExitStatus == AbortStatus) Dump(ctx, halt, file, path, named);
        }, HaltPhase.Inspect);
    }

    private static void Dump(ModuleSetupContext ctx, HaltContext halt, FileDescriptor file, string path, bool named)
    {
        ctx.Warn($"dumpcore: dumping guest core to: {path}");
        try
        {
            var regions = ctx.CoreRegions;
            var result = CoreDump.Write(file.Number, ctx.Memory, ctx.ReadCpuState(), halt.CookieGpa, regions);
            ctx.Warn($"dumpcore: dumped {result.MemoryPagesDumped} pages of total {result.MemoryPagesTotal} pages");
            for (int i = 0; i < regions.Count; i++)
                ctx.Warn($"dumpcore: dumped {result.RegionPagesDumped[i]} pages of total {regions[i].Size / GuestLayout.PageSize} pages " +
                    $"of {regions[i].Name} at 0x{regions[i].Gpa:x}");
            int linked = named ? 0 : Libc.TryName(file, path);
            if (linked < 0) ctx.Warn($"dumpcore: could not create {path}: {Libc.StrError(-linked)}");
        }
        catch (SystemCallException e)
        {
            ctx.Warn($"dumpcore: writing {path} failed: {e.Message}");
        }
    }
}
