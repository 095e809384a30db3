using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>gen-manifest SOURCE OUT.c: solo5-elftool's spelling; the manifest as a C source to compile
/// with x86_64-solo5-none-static-cc (docs/c-guide.md).</summary>
public static class GenManifestCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "Manifest source (Solo5 manifest.json, .yaml or .yml)" };
        var output = new Argument<string>("OUT.c") { Description = "C source to write" };
        var command = new Command("gen-manifest", "Generate the manifest as C source (solo5-elftool compatible)") { source, output };
        command.SetAction(result => CommandFailure.Guard(() =>
        {
            var path = result.GetValue(source)!;
            var model = ManifestSource.Load(path);
            File.WriteAllText(result.GetValue(output)!, ManifestCSourceWriter.Write(model.ToMft(), Path.GetFileName(path)));
            return 0;
        }));
        return command;
    }
}
