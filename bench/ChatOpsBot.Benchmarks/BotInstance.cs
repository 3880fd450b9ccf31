using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// One bot as its own OS process (the <c>ChatOpsBot.dll</c> built next to this driver), configured by environment
/// variables, on a free loopback port. Its output is kept to show when it fails.
/// </summary>
internal sealed class BotInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly List<string> _output = [];

    private BotInstance(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>CPU time the process has used so far: its cost, whatever else shares the cores.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The process's peak working set so far (VmHWM on Linux).</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<BotInstance> StartAsync(IReadOnlyDictionary<string, string> environment, HttpClient http, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatOpsBot.dll"));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["Urls"] = baseAddress.ToString().TrimEnd('/');
        var process = new Process { StartInfo = start };
        var instance = new BotInstance(process, baseAddress);
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await instance.WaitUntilHealthyAsync(http, cancellationToken).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"A bot exited with code {_process.ExitCode} before /healthz answered:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "healthz"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (waited.Elapsed > StartPatience)
            {
                throw new TimeoutException($"A bot did not answer /healthz within {StartPatience}:\n{Output}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}
