using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The built bot (<c>dotnet ChatOpsBot.dll</c>) as its own process, configured only by environment variables, on a
/// free loopback port: what runs in production, with its own trust store (<c>SSL_CERT_FILE</c>) and the SDK's
/// per-process caches. Everything it writes to stdout and stderr is kept for the test to read.
/// </summary>
public sealed partial class SecureBotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Variables from the test runner's environment that would change what the bot is under test.
    private static readonly string[] InheritedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "Microsoft", "ModelArts", "Security", "Bot__", "Watching", "Logging", "ToBot", "ToChannel", "OAuthUrl", "CallerId", "ValidateAuthority", "SSL_CERT"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SecureBotProcess(IReadOnlyDictionary<string, string> environment, string? urls = "http://127.0.0.1:0")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatOpsBot.dll"));
        if (urls is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(urls);
        }
        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the bot and waits until <c>/healthz</c> answers 200. <paramref name="urls"/> goes on the command line
    /// (<c>--urls</c>); null leaves the address to the environment, as a hosting platform does.
    /// </summary>
    public static async Task<SecureBotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? urls = "http://127.0.0.1:0")
    {
        var bot = new SecureBotProcess(environment, urls);
        bot._process.Start();
        bot._process.BeginOutputReadLine();
        bot._process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var exited = bot._process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(bot._listening.Task, exited);
            if (first != bot._listening.Task)
            {
                throw new InvalidOperationException($"The bot stopped or did not listen within {StartTimeout.TotalSeconds} s:\n{bot.Output}");
            }
            bot.BaseAddress = await bot._listening.Task;
            bot.Http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            await bot.WaitHealthyAsync(timeout.Token);
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the bot expecting it to refuse to start; returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        await using var bot = new SecureBotProcess(environment);
        bot._process.Start();
        bot._process.BeginOutputReadLine();
        bot._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = bot._process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(exited, bot._listening.Task) != exited)
        {
            throw new InvalidOperationException($"The bot started instead of refusing to:\n{bot.Output}");
        }
        await exited;
        return (bot._process.ExitCode, bot.Output);
    }

    /// <summary>Stops the bot as a host does (SIGTERM), so it shuts down cleanly and its logs are flushed.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot stopped while starting:\n{Output}");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
