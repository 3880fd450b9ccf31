using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatOpsBot.Testing;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// The built bot (the <c>ChatOpsBot.dll</c> copied next to the tests) as a separate OS process, configured only by
/// environment variables, on a free loopback port: for tests that must stop it the hard way (<see cref="KillAsync"/>)
/// and start it again over the same files. Its console output is kept for failure messages. Started by the one
/// launcher the test projects share (<see cref="ChildProcess"/>), with <see cref="StopSignal.Kill"/>.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private const int PortAttempts = 3;
    private static readonly TimeSpan HealthPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly ChildProcess _process;
    private readonly IsolatedUserData? _userData;

    private BotProcess(ChildProcess process, Uri baseAddress, IsolatedUserData? userData)
    {
        _process = process;
        _userData = userData;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the bot's own endpoints (<c>/api/messages</c>, <c>/healthz</c>).</summary>
    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far, for diagnostics.</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts the bot with these environment variables (a null value removes an inherited one) and returns once
    /// <c>/healthz</c> answers. <c>Urls</c> is set here, to a free loopback port.
    /// </summary>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        for (var attempt = 1; ; attempt++)
        {
            var bot = Launch(environment);
            try
            {
                await bot.WaitUntilHealthyAsync(startTimeout ?? DefaultStartTimeout, cancellationToken);
                return bot;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                // Another process took the port between our probe and the bot's bind: try another one.
                await bot.DisposeAsync();
            }
            catch
            {
                await bot.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops the process at once, with its children: no graceful shutdown, no disposal, as a crash or an OOM kill would.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => _process.KillAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Http.Dispose();
        _userData?.Dispose();
    }

    private static BotProcess Launch(IReadOnlyDictionary<string, string?> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var variables = new Dictionary<string, string?>(environment)
        {
            ["ASPNETCORE_URLS"] = null,
            ["Urls"] = baseAddress.ToString().TrimEnd('/'),
        };
        var userData = IsolatedUserData.Unless(environment.Keys);
        if (userData is not null)
        {
            variables[IsolatedUserData.Variable] = userData.Path;
        }
        var process = ChildProcess.Start("bot", DotnetHost.Path, [BotAssembly()], AppContext.BaseDirectory, variables, StopSignal.Kill);
        return new BotProcess(process, baseAddress, userData);
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(timeout);
                var output = Output;
                if (output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException();
                }
                throw new InvalidOperationException($"The bot exited with code {_process.ExitCode} before /healthz answered. Output:\n{output}");
            }
            try
            {
                using var response = await Http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The bot did not answer /healthz within {timeout}. Output:\n{Output}");
            }
            await Task.Delay(HealthPollDelay, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The bot as built with the tests: the project reference copies it, its deps and runtimeconfig here.</summary>
    private static string BotAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ChatOpsBot.dll");
        return File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
            ? path
            : throw new FileNotFoundException("ChatOpsBot.dll and its runtimeconfig.json are not next to the tests; build the test project.", path);
    }

    private sealed class PortTakenException : Exception;
}
