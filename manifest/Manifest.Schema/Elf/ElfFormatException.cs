namespace Solo5Net.Manifest;

/// <summary>The image is not an ELF executable the hvt tender accepts, or a Solo5 note in it is malformed.</summary>
public sealed class ElfFormatException : ManifestException
{
    public ElfFormatException(string message) : base(message) { }
}
