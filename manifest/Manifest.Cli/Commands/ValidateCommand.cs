using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>validate SOURCE: check a manifest source and say how many devices it declares.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "Manifest source (.yaml, .yml or Solo5 manifest.json)" };
        var command = new Command("validate", "Check a manifest source file") { source };
        command.SetAction(result => CommandFailure.Guard(() =>
        {
            var path = result.GetValue(source)!;
            var model = ManifestSource.Load(path);
            var count = model.Devices.Count;
            Console.Out.WriteLine($"{path}: valid, {count} device{(count == 1 ? "" : "s")}");
            return 0;
        }));
        return command;
    }
}
