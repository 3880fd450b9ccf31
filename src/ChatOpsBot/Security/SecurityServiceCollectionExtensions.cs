using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// The access policy and the command rate limits, from the <c>Security</c> section, validated at start (tenants
    /// named outside Development; no secret in an appsettings file).
    /// </summary>
    public static IServiceCollection AddAccessPolicy(this IServiceCollection services)
    {
        services.AddOptions<AccessPolicyOptions>().BindConfiguration(AccessPolicyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessPolicyOptions>, AccessPolicyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessPolicyOptions>, SecretSourcesValidator>());
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<CommandRateLimiter>();
        return services;
    }
}
