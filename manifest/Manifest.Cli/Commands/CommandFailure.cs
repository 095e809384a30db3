using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>Runs a command body and turns every failure into one line on stderr and exit code 1.</summary>
public static class CommandFailure
{
    public const string Program = "solo5-manifest";

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ManifestException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
        catch (Exception e)
        {
            // A defect, not bad input: still one line and exit 1, but say so.
            return Fail($"internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Command-line mistakes: every parser complaint on one line, with a pointer to --help.</summary>
    public static int Usage(ParseResult parsed)
    {
        var complaints = parsed.Errors
            .Select(e => string.Join(' ', e.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim())).TrimEnd('.'))
            .Distinct();
        return Fail($"{string.Join("; ", complaints)} (see {Program} --help)");
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"{Program}: {message}");
        return 1;
    }
}
