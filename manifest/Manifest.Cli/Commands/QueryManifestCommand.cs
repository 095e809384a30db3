using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>query-manifest IMAGE: solo5-elftool's spelling; the image's manifest as Solo5 manifest.json
/// (the reserved first entry left out).</summary>
public static class QueryManifestCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Unikernel image (ELF executable)" };
        var command = new Command("query-manifest", "Print the manifest of an image as JSON (solo5-elftool compatible)") { image };
        command.SetAction(result => CommandFailure.Guard(() =>
        {
            var path = result.GetValue(image)!;
            var bytes = Solo5Notes.ReadManifest(ImageFile.Read(path))
                ?? throw new ManifestException($"{path}: No Solo5 manifest found in executable");
            Mft mft;
            try
            {
                mft = Mft.Decode(bytes);
            }
            catch (ManifestException e)
            {
                throw new ManifestException($"{path}: {e.Message}");
            }
            var devices = mft.Entries.Where(e => e.Type != MftDeviceType.ReservedFirst)
                .Select(e => (ReportValue)new ReportMapBuilder()
                    .Add("name", new ReportText(e.Name))
                    .Add("type", new ReportText(MftDeviceType.NameOf(e.Type) ?? $"0x{e.Type:x}"))
                    .Build());
            Console.Out.Write(JsonReportWriter.Write(new ReportMapBuilder()
                .Add("type", new ReportText("solo5.manifest"))
                .Add("version", new ReportNumber(MftLayout.Version))
                .Add("devices", new ReportList([.. devices]))
                .Build()));
            return 0;
        }));
        return command;
    }
}
