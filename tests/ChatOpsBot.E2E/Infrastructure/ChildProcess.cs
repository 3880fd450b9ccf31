using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>
/// A process the tests start (the bot, the Playground, npm): its output goes to a log file in the artifacts and is
/// kept for waiting on a line; disposing it ends the process and everything it started.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private bool _closed;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static ChildProcess Start(string name, string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        Directory.CreateDirectory(RepositoryPaths.Artifacts);
        var log = new StreamWriter(Path.Combine(RepositoryPaths.Artifacts, name + ".log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.Record(e.Data);
        process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line of output that matches; fails early, with the output, if the process ends first.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                foreach (var line in _lines)
                {
                    if (pattern.Match(line) is { Success: true } match)
                    {
                        return match;
                    }
                }
            }
            if (_process.HasExited)
            {
                throw Failure($"ended (exit code {_process.ExitCode}) before printing /{pattern}/");
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw Failure($"did not print /{pattern}/ within {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"did not end within {timeout.TotalSeconds:0} s");
        }
        return _process.ExitCode;
    }

    public InvalidOperationException Failure(string what) =>
        new($"{Name} {what}. Its output ({RepositoryPaths.Artifacts}/{Name}.log):\n{Tail(Output, 4000)}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cancellation.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
        finally
        {
            _process.Dispose();
            lock (_gate)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            if (!_closed)
            {
                _lines.Add(line);
                _log.WriteLine(line);
            }
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
