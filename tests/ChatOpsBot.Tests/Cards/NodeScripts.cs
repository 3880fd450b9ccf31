using System.Diagnostics;
using System.Text;

namespace ChatOpsBot.Tests.Cards;

/// <summary>
/// Runs the Node scripts of the repository from a test: tests/node (the official adaptivecards package, headless
/// Chromium) and manifest/ (the Teams app package).
/// </summary>
internal static class NodeScripts
{
    private static readonly Lock InstallLock = new();

    public static NodeResult Run(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunIn(RepositoryPaths.NodeScripts, script, arguments, timeout);

    public static NodeResult RunIn(string folder, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        EnsureInstalled(folder);
        return Start(folder, "node", [Path.Combine(folder, script), .. arguments], timeout);
    }

    // A fresh clone has no node_modules; install exactly what package-lock.json says, once per folder.
    private static void EnsureInstalled(string folder)
    {
        lock (InstallLock)
        {
            if (File.Exists(Path.Combine(folder, "node_modules", ".package-lock.json")))
            {
                return;
            }
            var install = Start(folder, "npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed ({install.ExitCode}): {install.Error}");
            }
        }
    }

    private static NodeResult Start(string folder, string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} took more than {timeout}");
        }
        return new NodeResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}

internal sealed record NodeResult(int ExitCode, string Output, string Error);
