using System.CommandLine;
using Solo5Net.Manifest.Cli;

var root = new RootCommand("solo5-manifest: Solo5 manifests for hvt unikernels (generate, inspect, validate)")
{
    GenCommand.Create(),
    QueryCommand.Create(),
    ValidateCommand.Create(),
    // solo5-elftool's spellings, so Solo5 build scripts keep working (docs/c-guide.md).
    GenManifestCommand.Create(),
    QueryManifestCommand.Create(),
    QueryAbiCommand.Create(),
};
var parsed = root.Parse(args);
return parsed.Errors.Count > 0
    ? CommandFailure.Usage(parsed)
    : parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
