namespace Solo5Net.Manifest;

/// <summary>
/// A binary manifest failed the tender's checks (docs/hvt-abi.md §7.2). The message is always
/// "Solo5 manifest is invalid", as the tender prints it; <see cref="Detail"/> says which check failed.
/// </summary>
public sealed class ManifestInvalidException : ManifestException
{
    public const string Gist = "Solo5 manifest is invalid";

    public string Detail { get; }

    public ManifestInvalidException(string detail) : base(Gist) => Detail = detail;
}
