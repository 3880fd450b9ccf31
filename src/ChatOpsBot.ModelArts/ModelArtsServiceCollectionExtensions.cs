using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.ModelArts;

public static class ModelArtsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILiteServerJobClient"/>: options from the <c>ModelArts</c> section, validated at start;
    /// an <see cref="HttpClient"/> with timeouts and retries, and AK/SK signing inside them (each try is signed anew).
    /// The endpoint is read from the options at each call, so a host may change it with
    /// <c>PostConfigure&lt;ModelArtsOptions&gt;</c> after this call. No header of these requests is ever logged.
    /// </summary>
    public static IServiceCollection AddModelArtsClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ModelArtsOptions>()
            .BindConfiguration(ModelArtsOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelArtsOptions>, ModelArtsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<AkSkSigningHandler>();

        var client = services.AddHttpClient<LiteServerJobClient>()
            // The factory's default loggers would write request headers at Trace level: Authorization and the token.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static _ => true);
        // Handlers run in the order added: the resilience handler outside, so the signer signs every try.
        client.AddResilienceHandler(ModelArtsResiliencePipeline.Name, static (pipeline, context) =>
        {
            context.EnableReloads<ModelArtsOptions>();
            ModelArtsResiliencePipeline.Configure(pipeline, context.GetOptions<ModelArtsOptions>(),
                context.ServiceProvider.GetRequiredService<TimeProvider>());
        });
        client.AddHttpMessageHandler<AkSkSigningHandler>();

        // One request per job per second however many callers ask. The typed client is made anew per request, so
        // the singleton never holds on to one HttpClient (and its handler) for good.
        services.TryAddSingleton<ILiteServerJobClient>(sp => new CoalescingLiteServerJobClient(
            sp.GetRequiredService<LiteServerJobClient>, sp.GetRequiredService<TimeProvider>()));

        return services;
    }
}
