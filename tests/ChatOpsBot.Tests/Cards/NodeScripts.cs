using System.Diagnostics;
using System.Text;

namespace ChatOpsBot.Tests.Cards;

/// <summary>Runs the scripts of tests/node (the official adaptivecards package, headless Chromium) from a test.</summary>
internal static class NodeScripts
{
    private static readonly Lock InstallLock = new();

    public static NodeResult Run(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        EnsureInstalled();
        return Start("node", [Path.Combine(RepositoryPaths.NodeScripts, script), .. arguments], timeout);
    }

    // A fresh clone has no node_modules; install exactly what package-lock.json says, once.
    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (Directory.Exists(Path.Combine(RepositoryPaths.NodeScripts, "node_modules", "adaptivecards"))
                && Directory.Exists(Path.Combine(RepositoryPaths.NodeScripts, "node_modules", "playwright-core")))
            {
                return;
            }
            var install = Start("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in tests/node failed ({install.ExitCode}): {install.Error}");
            }
        }
    }

    private static NodeResult Start(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryPaths.NodeScripts,
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
