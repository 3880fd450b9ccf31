using System.Net;
using ChatOpsBot.Bot;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Hosting;

/// <summary>
/// <c>GET /privacy</c> and <c>GET /terms</c>: the pages the Teams app manifest's <c>privacyUrl</c> and
/// <c>termsOfUseUrl</c> point at (<c>https://{Bot:PublicDomain}/privacy</c>, <c>…/terms</c>), served by the bot itself
/// so the package never links to a page nobody serves. They say what the bot keeps and why; an organisation with its
/// own policy pages changes the manifest's two URLs instead.
/// </summary>
public static class LegalPagesExtensions
{
    public const string PrivacyPath = "/privacy";
    public const string TermsPath = "/terms";

    public static IEndpointRouteBuilder MapLegalPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(PrivacyPath, (IOptions<BotOptions> options) => Page("Privacy", Where(options.Value),
            """
            <p>ChatOpsBot shows Huawei Cloud ModelArts Lite Server jobs in Microsoft Teams. It reads jobs with the
            organisation's own ModelArts credentials and answers only in the conversation that asked.</p>
            <p>For each <code>watch</code> it keeps, until the watch ends and is removed: the conversation's id and the
            address Teams gave for posting there, the Microsoft Entra tenant id, the id and display name of the person
            who asked, the job id, and the job's last status and failure counts, so that the same news is not posted
            twice. It keeps no message text, no files and no cookies. Its logs hold ids of conversations, users and
            jobs for troubleshooting, and are kept as long as the operator's log retention says.</p>
            <p>Removing the app from a conversation deletes that conversation's watches. Questions about this data go
            to the team that runs this bot in your organisation.</p>
            """));
        endpoints.MapGet(TermsPath, (IOptions<BotOptions> options) => Page("Terms of use", Where(options.Value),
            """
            <p>ChatOpsBot is run by your organisation for its own people. Use it for the ModelArts jobs you are allowed
            to see; what it shows is what ModelArts answered at the time, without any guarantee that it is complete or
            current. It may be changed or switched off at any time. Questions go to the team that runs it.</p>
            """));
        return endpoints;
    }

    private static string Where(BotOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicDomain)
            ? ""
            : $"<p>This page belongs to the bot at <code>https://{WebUtility.HtmlEncode(options.PublicDomain)}/api/messages</code>.</p>";

    private static IResult Page(string title, string where, string body) =>
        Results.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ChatOpsBot — {title}</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
            <h1>ChatOpsBot — {title}</h1>
            {body}
            {where}
            </body></html>
            """,
            "text/html; charset=utf-8");
}
