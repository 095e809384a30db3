using Solo5Net.Interop;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// The unikernel executable: its bytes, parsed ELF, checked ABI note and decoded manifest
/// (docs/hvt-abi.md §6.1–6.2, §7.2). Every failure is a one-line "&lt;file&gt;: …" <see cref="TenderException"/>.
/// </summary>
public sealed class KernelImage
{
    public string Path { get; }
    public ElfFile Elf { get; }
    public Mft Manifest { get; }

    private KernelImage(string path, ElfFile elf, Mft manifest)
    {
        Path = path;
        Elf = elf;
        Manifest = manifest;
    }

    public static KernelImage Load(string path, bool verbose = false)
    {
        var bytes = ReadFile(path);
        try
        {
            var elf = ElfFile.Parse(bytes);
            var abi = Solo5Notes.ReadAbi(elf)
                ?? throw new TenderException($"{path}: No Solo5 ABI information found in executable");
            if (abi.Target != AbiNote.TargetHvt)
                throw new TenderException($"{path}: Executable is not for the solo5-hvt target");
            if (abi.Version != AbiNote.VersionHvt)
                throw new TenderException($"{path}: Executable requests unsupported ABI version {abi.Version}");
            var mftBytes = Solo5Notes.ReadManifest(elf)
                ?? throw new TenderException($"{path}: No Solo5 manifest found in executable");
            return new KernelImage(path, elf, Mft.Decode(mftBytes));
        }
        catch (ManifestInvalidException e)
        {
            throw new TenderException(verbose ? $"{path}: {e.Message}: {e.Detail}" : $"{path}: {e.Message}");
        }
        catch (ManifestException e)
        {
            throw new TenderException($"{path}: {e.Message}");
        }
    }

    private static byte[] ReadFile(string path)
    {
        using var file = Libc.TryOpen(path, Libc.O_RDONLY, out int errno)
            ?? throw new TenderException($"{path}: Could not open: {Libc.StrError(errno)}");
        int fd = file.Number;
        Span<byte> probe = stackalloc byte[1];
        long first = Libc.TryPread(fd, probe, 0);      // a directory opens but fails here (EISDIR)
        if (first < 0) throw new TenderException($"{path}: Could not read: {Libc.StrError((int)-first)}");
        long size = Libc.TryLseek(fd, 0, Libc.SEEK_END);
        if (size < 0) throw new TenderException($"{path}: Could not read: {Libc.StrError((int)-size)}");
        if (size > int.MaxValue) throw new TenderException($"{path}: invalid executable: file too large ({size} bytes)");
        var bytes = new byte[size];
        int done = 0;
        while (done < bytes.Length)
        {
            long n = Libc.TryPread(fd, bytes.AsSpan(done), done);
            if (n < 0) throw new TenderException($"{path}: Could not read: {Libc.StrError((int)-n)}");
            if (n == 0) break;
            done += (int)n;
        }
        return done == bytes.Length ? bytes : bytes[..done];
    }
}
