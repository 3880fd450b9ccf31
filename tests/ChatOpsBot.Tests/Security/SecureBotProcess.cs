using System.Text.RegularExpressions;
using ChatOpsBot.Testing;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The built bot (<c>dotnet ChatOpsBot.dll</c>) as its own process, configured only by environment variables, on a
/// free loopback port: what runs in production, with its own trust store (<c>SSL_CERT_FILE</c>) and the SDK's
/// per-process caches. Everything it writes to stdout and stderr is kept for the test to read. Started by the one
/// launcher the test projects share (<see cref="ChildProcess"/>), stopped as a host stops it (SIGTERM), so its logs
/// are flushed.
/// </summary>
public sealed partial class SecureBotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Variables from the test runner's environment that would change what the bot is under test.
    private static readonly string[] InheritedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "Microsoft", "ModelArts", "Security", "Bot__", "Watching", "Logging", "ToBot", "ToChannel", "OAuthUrl", "CallerId", "ValidateAuthority", "SSL_CERT"];

    private readonly ChildProcess _process;

    private readonly IsolatedUserData? _userData;

    private SecureBotProcess(ChildProcess process, IsolatedUserData? userData)
    {
        _process = process;
        _userData = userData;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as received.</summary>
    public string Output => _process.Output + "\n";

    /// <summary>
    /// Starts the bot and waits until <c>/healthz</c> answers 200. <paramref name="urls"/> goes on the command line
    /// (<c>--urls</c>); null leaves the address to the environment, as a hosting platform does.
    /// </summary>
    public static async Task<SecureBotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? urls = "http://127.0.0.1:0")
    {
        var bot = Launch(environment, urls);
        try
        {
            var listening = await bot._process.WaitForOutputAsync(ListeningLine(), StartTimeout);
            bot.BaseAddress = new Uri(listening.Groups[1].Value.TrimEnd('/') + "/");
            bot.Http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            using var timeout = new CancellationTokenSource(StartTimeout);
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
        await using var bot = Launch(environment, "http://127.0.0.1:0");
        var exitCode = await bot._process.WaitForExitAsync(StartTimeout);
        if (ListeningLine().IsMatch(bot.Output))
        {
            throw new InvalidOperationException($"The bot started instead of refusing to:\n{bot.Output}");
        }
        return (exitCode, bot.Output);
    }

    /// <summary>Stops the bot as a host does (SIGTERM), so it shuts down cleanly and its logs are flushed.</summary>
    public Task StopAsync() => _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await _process.DisposeAsync();
        _userData?.Dispose();
    }

    private static SecureBotProcess Launch(IReadOnlyDictionary<string, string> environment, string? urls)
    {
        var variables = ChildProcess.WithoutInherited(InheritedPrefixes, environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        var userData = IsolatedUserData.Unless(environment.Keys);
        if (userData is not null)
        {
            variables[IsolatedUserData.Variable] = userData.Path;
        }
        string[] arguments = urls is null
            ? [Path.Combine(AppContext.BaseDirectory, "ChatOpsBot.dll")]
            : [Path.Combine(AppContext.BaseDirectory, "ChatOpsBot.dll"), "--urls", urls];
        var process = ChildProcess.Start("bot", DotnetHost.Path, arguments, AppContext.BaseDirectory, variables, StopSignal.Terminate);
        return new SecureBotProcess(process, userData);
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

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
