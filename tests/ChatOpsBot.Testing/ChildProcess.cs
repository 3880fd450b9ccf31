using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatOpsBot.Testing;

/// <summary>
/// A process a test starts (the bot, the simulator, the Playground, npm), configured by its environment: a null value
/// removes a variable the test runner would otherwise pass on. Its stdout and stderr are kept, in the order received,
/// for waiting on a line and for failure messages, and written to a log file when one is given. Disposing it stops it
/// with its <see cref="StopSignal"/>.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutputPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly StopSignal _stopSignal;
    private readonly StreamWriter? _log;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private bool _closed;

    private ChildProcess(string name, Process process, StopSignal stopSignal, string? logPath, StreamWriter? log)
    {
        Name = name;
        _process = process;
        _stopSignal = stopSignal;
        LogPath = logPath;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The file its output is written to, if any.</summary>
    public string? LogPath { get; }

    /// <summary>Everything it wrote so far, stdout and stderr interleaved as received, one line each.</summary>
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

    /// <summary>
    /// Starts <paramref name="program"/>. Variables of <paramref name="environment"/> are set (or removed when null)
    /// over the test runner's own; <paramref name="logPath"/>, when given, receives every line of output.
    /// </summary>
    public static ChildProcess Start(string name, string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, StopSignal stopSignal = StopSignal.Kill, string? logPath = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
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
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        StreamWriter? log = null;
        if (logPath is not null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(logPath)!);
            log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, stopSignal, logPath, log);
        process.OutputDataReceived += (_, e) => child.Record(e.Data);
        process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log?.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Names of the test runner's variables that start with one of these prefixes, each mapped to null (removed).</summary>
    public static Dictionary<string, string?> WithoutInherited(IEnumerable<string> prefixes, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var all = new Dictionary<string, string?>(StringComparer.Ordinal);
        var list = prefixes.ToList();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            if (list.Exists(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                all[key] = null;
            }
        }
        foreach (var (key, value) in environment)
        {
            all[key] = value;
        }
        return all;
    }

    /// <summary>Waits for a line of output that matches; fails early, with the output, if the process ends first.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = Stopwatch.StartNew();
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
                // Its last lines may still be on their way through the pipe.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (FindLine(pattern) is { } late)
                {
                    return late;
                }
                throw Failure($"ended (exit code {_process.ExitCode}) before printing /{pattern}/");
            }
            if (deadline.Elapsed > timeout)
            {
                throw Failure($"did not print /{pattern}/ within {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(OutputPollDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until it ends; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"did not end within {timeout.TotalSeconds:0} s");
        }
        return _process.ExitCode;
    }

    /// <summary>Stops it at once, with its children.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill, or never started.
            return;
        }
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops it with its <see cref="StopSignal"/>; a process that ignores SIGTERM is killed after 30 s.</summary>
    public async Task StopAsync()
    {
        if (_stopSignal == StopSignal.Kill || OperatingSystem.IsWindows())
        {
            await KillAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            if (_process.HasExited)
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }
        using var grace = new CancellationTokenSource(TerminateGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    public InvalidOperationException Failure(string what)
    {
        var where = LogPath is null ? "" : $" ({LogPath})";
        return new InvalidOperationException($"{Name} {what}. Its output{where}:\n{Tail(Output, 4000)}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
            lock (_gate)
            {
                _closed = true;
                _log?.Dispose();
            }
        }
    }

    private Match? FindLine(Regex pattern)
    {
        lock (_gate)
        {
            return _lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
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
                _log?.WriteLine(line);
            }
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
