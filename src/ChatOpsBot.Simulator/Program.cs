using ChatOpsBot.Simulator;

// The simulator on its own: `dotnet run --project src/ChatOpsBot.Simulator`, credentials from Simulator:AccessKey and
// Simulator:SecretKey (environment Simulator__AccessKey, Simulator__SecretKey). Listens on http://127.0.0.1:5080.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
builder.Services.AddModelArtsSimulator(o => builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(o));
builder.Services.AddOptions<SimulatorOptions>().ValidateOnStart();

var app = builder.Build();
app.MapModelArtsSimulator();
app.MapGet("/", (JobCatalog catalog) => Results.Ok(new { service = "ModelArts Lite Server simulator", jobs = catalog.KnownJobIds }));
app.Run();
