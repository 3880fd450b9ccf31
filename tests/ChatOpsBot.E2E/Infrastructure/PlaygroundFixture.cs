using System.Net;
using System.Text.RegularExpressions;
using ChatOpsBot.Testing;
using Microsoft.Playwright;

namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>
/// The whole local set-up of the README's quick start, started once for all the end-to-end tests: the real bot
/// (built output, Development, embedded ModelArts simulator, its own SQLite folder) as a process on a loopback port, the
/// Microsoft 365 Agents Playground pointed at it, and headless Chromium (the system one: nothing is downloaded).
/// A test class that needs its bot set otherwise gets a set-up of its own from a subclass (see
/// <see cref="FastProjectHistoryPlayground"/>), so that what it changes never reaches the others.
/// </summary>
public partial class PlaygroundFixture : IAsyncLifetime
{
    /// <summary>Generous: two shared cores, and the first answer of a fresh bot includes its JIT warm-up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The artifacts of the run are emptied by the first set-up that starts, not by each.
    private static int s_artifactsEmptied;

    private readonly string _workFolder = Directory.CreateTempSubdirectory("chatopsbot-e2e-").FullName;
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, string?> _botSettings;
    private ChildProcess? _bot;
    private ChildProcess? _playground;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The shared set-up: the bot as the README's quick start runs it.</summary>
    public PlaygroundFixture()
        : this("", new Dictionary<string, string?>())
    {
    }

    /// <param name="name">Put before the names of its process logs, to tell them from the shared set-up's.</param>
    /// <param name="botSettings">This set-up's bot settings (environment variables) on top of the shared ones.</param>
    protected PlaygroundFixture(string name, IReadOnlyDictionary<string, string?> botSettings)
    {
        _name = name;
        _botSettings = botSettings;
    }

    public Uri BotAddress { get; private set; } = null!;

    public Uri PlaygroundAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (Interlocked.Exchange(ref s_artifactsEmptied, 1) == 0 && Directory.Exists(RepositoryPaths.Artifacts))
        {
            Directory.Delete(RepositoryPaths.Artifacts, recursive: true);
        }
        Directory.CreateDirectory(RepositoryPaths.Artifacts);
        if (!File.Exists(RepositoryPaths.Chromium))
        {
            throw new InvalidOperationException(
                $"No Chromium at {RepositoryPaths.Chromium}: install Debian's 'chromium' package (bash tests/run.sh does, as root) or set CHROMIUM_PATH.");
        }
        if (!File.Exists(RepositoryPaths.BotAssembly))
        {
            throw new InvalidOperationException($"{RepositoryPaths.BotAssembly} is missing: build the solution first.");
        }
        await EnsureNodePackagesAsync();
        try
        {
            _bot = await StartBotAsync();
            _playground = await StartPlaygroundAsync();

            Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = RepositoryPaths.Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run"],
            });
        }
        catch
        {
            // Whatever started must not outlive a failed start.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser tab on the Playground, in personal chat, once the bot's welcome card is there.</summary>
    public async Task<PlaygroundSession> OpenAsync(string testName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // Tall enough that a long card and its thread fit: an element screenshot is cut at the viewport.
            ViewportSize = new ViewportSize { Width = 1280, Height = 1600 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        // Only loopback: the Playground's web fonts and CDN animations are not needed, and tests talk to nothing else.
        await context.RouteAsync(url => !IsLoopback(url), route => route.AbortAsync());
        return await PlaygroundSession.OpenAsync(context, PlaygroundAddress, testName);
    }

    /// <summary>Ends what started, each once (xunit may call this after a failed start too).</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }
        _playwright?.Dispose();
        _playwright = null;
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
            _playground = null;
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
            _bot = null;
        }
        if (Directory.Exists(_workFolder))
        {
            try
            {
                Directory.Delete(_workFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private async Task<ChildProcess> StartBotAsync()
    {
        var port = FreeTcpPort.Next();
        BotAddress = new Uri($"http://127.0.0.1:{port}/");
        var settings = new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Urls"] = BotAddress.ToString().TrimEnd('/'),
                ["Watching__DataFolder"] = Path.Combine(_workFolder, "data"),
                // The tests send a dozen commands a minute as one user; rate limits are tested elsewhere.
                ["Security__CommandsPerUserPerMinute"] = "600",
                ["Security__CommandsPerConversationPerMinute"] = "600",
            };
        foreach (var (key, value) in _botSettings)
        {
            settings[key] = value;
        }
        var bot = ChildProcess.Start(_name + "bot", DotnetHost.Path, [RepositoryPaths.BotAssembly], Path.GetDirectoryName(RepositoryPaths.BotAssembly)!,
            settings, StopSignal.Kill, LogOf(_name + "bot"));
        try
        {
            using var http = new HttpClient { BaseAddress = BotAddress, Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilAsync(bot, async () =>
            {
                using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
                return ready.StatusCode == HttpStatusCode.OK;
            }, "answer 200 on /readyz");
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    private async Task<ChildProcess> StartPlaygroundAsync()
    {
        var playground = ChildProcess.Start(_name + "playground", "node",
            [RepositoryPaths.PlaygroundCli, "--channel-id", "msteams", "--port", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--disable-telemetry"],
            // It writes devTools/ where it runs: keep that out of the repository.
            _workFolder,
            new Dictionary<string, string?>
            {
                ["BOT_ENDPOINT"] = new Uri(BotAddress, "api/messages").ToString(),
                ["TEAMSAPPTESTER_BROWSER"] = "none",
            }, StopSignal.Kill, LogOf(_name + "playground"));
        try
        {
            // It takes another port if the one asked for was taken meanwhile, and says which.
            var listening = await playground.WaitForOutputAsync(ListeningLine(), Patience);
            PlaygroundAddress = new Uri($"http://127.0.0.1:{listening.Groups[1].Value}/");
            using var http = new HttpClient { BaseAddress = PlaygroundAddress, Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilAsync(playground, async () =>
            {
                using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
                return page.StatusCode == HttpStatusCode.OK;
            }, "serve its page");
            return playground;
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }
    }

    private static async Task EnsureNodePackagesAsync()
    {
        if (File.Exists(RepositoryPaths.PlaygroundCli))
        {
            return;
        }
        // A fresh clone without `bash tests/run.sh`: install exactly what package-lock.json says.
        await using var npm = ChildProcess.Start("npm-ci", "npm", ["ci", "--no-audit", "--no-fund"], RepositoryPaths.NodePackages,
            new Dictionary<string, string?>(), StopSignal.Kill, LogOf("npm-ci"));
        if (await npm.WaitForExitAsync(TimeSpan.FromMinutes(5)) != 0 || !File.Exists(RepositoryPaths.PlaygroundCli))
        {
            throw npm.Failure("could not install the Agents Playground in tests/node");
        }
    }

    private static async Task WaitUntilAsync(ChildProcess process, Func<Task<bool>> ready, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            if (process.HasExited)
            {
                throw process.Failure($"ended before it would {what}");
            }
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw process.Failure($"did not {what} within {Patience.TotalSeconds:0} s");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The dotnet that runs the tests (the CLI says which), so the bot runs on the same runtime.</summary>
    /// <summary>Each process's output goes to a log of its own in the artifacts, next to the screenshots.</summary>
    private static string LogOf(string name) => Path.Combine(RepositoryPaths.Artifacts, name + ".log");

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme is "data" or "blob");

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
