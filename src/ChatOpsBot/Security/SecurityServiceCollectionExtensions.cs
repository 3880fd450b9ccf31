namespace ChatOpsBot.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The access policy and the command rate limits, from the <c>Security</c> section.</summary>
    public static IServiceCollection AddAccessPolicy(this IServiceCollection services)
    {
        services.AddOptions<AccessPolicyOptions>().BindConfiguration(AccessPolicyOptions.SectionName)
            .Validate(o => o.MaxMessageLength > 0 && o.CommandsPerUserPerMinute > 0 && o.CommandsPerConversationPerMinute > 0,
                "Security:MaxMessageLength, Security:CommandsPerUserPerMinute and Security:CommandsPerConversationPerMinute must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<CommandRateLimiter>();
        return services;
    }
}
