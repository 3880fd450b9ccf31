namespace ChatOpsBot.Hosting;

/// <summary>
/// Where the bot listens. The platform decides in production (App Service sets <c>ASPNETCORE_URLS</c>, port 8080 on
/// Linux; a container sets <c>ASPNETCORE_HTTP_PORTS</c>), so no configuration file names an address: one there would
/// override the platform's and leave the bot on loopback, where the platform's probes never reach it. Only a local run
/// in Development with no address given gets the Bot Framework's customary <c>http://localhost:3978</c>.
/// </summary>
public static class DevelopmentUrlExtensions
{
    public const string DevelopmentUrl = "http://localhost:3978";

    public static WebApplicationBuilder UseDevelopmentUrlByDefault(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var addressGiven = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (builder.Environment.IsDevelopment() && !addressGiven)
        {
            builder.WebHost.UseUrls(DevelopmentUrl);
        }
        return builder;
    }
}
