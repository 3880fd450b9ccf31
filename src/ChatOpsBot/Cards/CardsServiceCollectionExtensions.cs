using ChatOpsBot.ModelArts.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Cards;

public static class CardsServiceCollectionExtensions
{
    /// <summary>The card builders, with the console link template from the <c>Cards</c> section.</summary>
    public static IServiceCollection AddJobCards(this IServiceCollection services)
    {
        services.AddOptions<CardOptions>().BindConfiguration(CardOptions.SectionName);
        services.AddSingleton(sp => new JobCardBuilder(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ErrorCardBuilder(sp.GetRequiredService<IOptions<ModelArtsOptions>>().Value.ProjectId));
        services.AddSingleton(sp => new ConsoleUrls(
            sp.GetRequiredService<IOptions<CardOptions>>().Value,
            sp.GetRequiredService<IOptions<ModelArtsOptions>>().Value.Region));
        services.AddSingleton(sp => new JobListCardBuilder(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<FailureDigestCardBuilder>();
        services.AddSingleton<HelpCardBuilder>();
        services.AddSingleton<WelcomeCardBuilder>();
        return services;
    }
}
