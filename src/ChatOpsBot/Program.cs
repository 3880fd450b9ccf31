using ChatOpsBot.Bot;
using ChatOpsBot.Cards;
using ChatOpsBot.Hosting;
using ChatOpsBot.ModelArts;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;

// The content root is where the binaries are, so the one appsettings.json (copied there at build) is found
// whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.UseDevelopmentUrlByDefault();
builder.Services.AddModelArtsClient();
builder.AddTelemetry();
builder.Services.AddJobCards();
builder.Services.AddAccessPolicy();
builder.Services.AddJobWatching();
builder.Services.AddBotFramework();
builder.AddDevelopmentSimulator();
builder.Services.AddHealthEndpoints();

var app = builder.Build();

app.MapBotEndpoint();
app.MapDevelopmentSimulator();
app.MapHealthEndpoints();
app.MapLegalPages();

app.Run();

/// <summary>The entry point's type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
