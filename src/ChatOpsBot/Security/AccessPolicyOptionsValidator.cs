using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

/// <summary>
/// Refuses, at start and on every reload, a <c>Security</c> section that would open the bot to everyone: outside
/// Development at least one tenant must be named, since anyone who finds a multi-tenant bot can add it to a team.
/// </summary>
public sealed class AccessPolicyOptionsValidator(IHostEnvironment environment) : IValidateOptions<AccessPolicyOptions>
{
    private const string S = AccessPolicyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AccessPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AllowedTenantIds.Count == 0 && !environment.IsDevelopment())
        {
            failures.Add($"{S}:{nameof(AccessPolicyOptions.AllowedTenantIds)} is empty: outside Development name the Azure AD tenants " +
                $"whose users may use the bot, e.g. the environment variable {S}__{nameof(AccessPolicyOptions.AllowedTenantIds)}__0=<tenant id>.");
        }
        foreach (var (list, values) in new[]
        {
            (nameof(AccessPolicyOptions.AllowedTenantIds), options.AllowedTenantIds),
            (nameof(AccessPolicyOptions.AllowedUserObjectIds), options.AllowedUserObjectIds),
            (nameof(AccessPolicyOptions.AllowedConversationIds), options.AllowedConversationIds),
        })
        {
            // A blank entry would match nothing, but it reads like "allow all" to whoever set it.
            if (values.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{S}:{list} has an empty entry: remove it (an empty list means no restriction at that level).");
            }
        }
        if (options.MaxMessageLength <= 0)
        {
            failures.Add($"{S}:{nameof(AccessPolicyOptions.MaxMessageLength)} must be positive.");
        }
        if (options.CommandsPerUserPerMinute <= 0 || options.CommandsPerConversationPerMinute <= 0)
        {
            failures.Add($"{S}:{nameof(AccessPolicyOptions.CommandsPerUserPerMinute)} and {S}:{nameof(AccessPolicyOptions.CommandsPerConversationPerMinute)} must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
