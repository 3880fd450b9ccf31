namespace ChatOpsBot.Simulator;

/// <summary>
/// The simulator on its own: <c>dotnet run --project src/ChatOpsBot.Simulator</c>, credentials from
/// <c>Simulator:AccessKey</c> and <c>Simulator:SecretKey</c> (environment <c>Simulator__AccessKey</c>,
/// <c>Simulator__SecretKey</c>), on http://127.0.0.1:5080 unless <c>--urls</c> says otherwise.
/// Named, not top-level, so that it does not clash with the bot's <c>Program</c> in projects that reference both.
/// </summary>
internal static class SimulatorProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
        builder.Services.AddModelArtsSimulator(o => builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(o));
        builder.Services.AddOptions<SimulatorOptions>().ValidateOnStart();

        var app = builder.Build();
        app.MapModelArtsSimulator();
        app.MapGet("/", (JobCatalog catalog) => Results.Ok(new { service = "ModelArts Lite Server simulator", jobs = catalog.KnownJobIds }));
        app.Run();
    }
}
