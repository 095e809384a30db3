namespace Solo5Net.Manifest;

/// <summary>
/// The one exception type Manifest.Schema throws (subclasses narrow it down). Its message is a
/// single line meant for an operator; callers add the file name in front.
/// </summary>
public class ManifestException : Exception
{
    public ManifestException(string message) : base(message) { }
}
