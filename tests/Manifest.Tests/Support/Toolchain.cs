using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Manifest.Support;

/// <summary>Links test images with the system binutils (as, ld) in a private temporary directory.</summary>
public sealed class Toolchain : IDisposable
{
    /// <summary>One PT_NOTE per Solo5 note, as docs/architecture.md ("Linking the notes") prescribes.</summary>
    public const string LinkerScript = """
        ENTRY(_start)
        PHDRS {
            text          PT_LOAD FLAGS(5);
            rodata        PT_LOAD FLAGS(4);
            data          PT_LOAD FLAGS(6);
            note.abi      PT_NOTE;
            note.manifest PT_NOTE;
        }
        SECTIONS {
            . = 0x100000;
            .text : { *(.text .text.*) } :text
            . = ALIGN(0x1000);
            .note.solo5.abi      : { KEEP(*(.note.solo5.abi)) }      :rodata :note.abi
            .note.solo5.manifest : { KEEP(*(.note.solo5.manifest)) } :rodata :note.manifest
            .rodata : { *(.rodata .rodata.*) } :rodata
            . = ALIGN(0x1000);
            .data : { *(.data .data.*) } :data
            .bss  : { *(.bss .bss.*) *(COMMON) } :data
        }
        """;

    private const string Start = """
        .text
        .globl _start
        _start:
            hlt
        .data
        counter: .quad 1
        .section .note.GNU-stack,"",@progbits
        """;

    /// <summary>A _start that makes the HALT hypercall (port 0x508) with exit status 7.</summary>
    public const string HaltWith7 = """
        .text
        .globl _start
        _start:
            lea halt_args(%rip), %rax
            mov $0x508, %dx
            out %eax, %dx
            hlt
        .data
        .balign 8
        halt_args:
            .quad 0
            .long 7
            .long 0
        .section .note.GNU-stack,"",@progbits
        """;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("s5n-link-").FullName;

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes <paramref name="text"/> to the file <paramref name="name"/> in the directory; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Links <paramref name="objectPath"/> with a tiny _start into an executable; returns its path.</summary>
    public string Link(string objectPath, string output = "app.hvt", string start = Start)
    {
        File.WriteAllText(PathOf("start.s"), start + "\n");
        File.WriteAllText(PathOf("hvt.lds"), LinkerScript + "\n");
        Run("as", "-o", PathOf("start.o"), PathOf("start.s"));
        Run("ld", "-T", PathOf("hvt.lds"), "-z", "max-page-size=0x1000", "-z", "noexecstack", "-nostdlib",
            "-o", PathOf(output), PathOf("start.o"), objectPath);
        return PathOf(output);
    }

    public static ProcessResult Run(string tool, params string[] args)
    {
        var r = ProcessRunner.Run(tool, args, TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: {r}");
        return r;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
