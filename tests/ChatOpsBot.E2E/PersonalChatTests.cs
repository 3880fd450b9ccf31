using System.Text.RegularExpressions;
using ChatOpsBot.E2E.Infrastructure;
using ChatOpsBot.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsBot.E2E;

/// <summary>Personal chat with the bot in the Agents Playground, in a real browser: what a user types and sees.</summary>
[Collection(SharedPlayground.Name)]
public sealed class PersonalChatTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task Job_command_answers_with_the_jobs_card_showing_its_status_and_content()
    {
        await using var chat = await playground.OpenAsync(nameof(Job_command_answers_with_the_jobs_card_showing_its_status_and_content));

        await chat.SendAsync($"job {JobCatalog.SeedJobId}");

        await Expect(chat.Cards).ToHaveCountAsync(2);
        var card = chat.Cards.Last;
        await Expect(card).ToContainTextAsync("FINISHED");
        await Expect(card).ToContainTextAsync("software-query");
        await Expect(card).ToContainTextAsync("1 of 1 task succeeded");
        await Expect(card).ToContainTextAsync("Query Huawei Cloud AI software.");
        await Expect(card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Refresh", Exact = true })).ToBeVisibleAsync();
        // Action.OpenUrl, to the job's console page, renders as a link.
        await Expect(card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Console", Exact = true })).ToBeVisibleAsync();
        await chat.ScreenshotAsync(card, "card");
        await chat.ScreenshotAsync("page");
    }

    [Fact]
    public async Task Failed_job_card_groups_the_failed_servers_by_cause()
    {
        await using var chat = await playground.OpenAsync(nameof(Failed_job_card_groups_the_failed_servers_by_cause));

        await chat.SendAsync($"job {JobCatalog.ManyFailuresJobId}");

        await Expect(chat.Cards).ToHaveCountAsync(2);
        var card = chat.Cards.Last;
        await Expect(card).ToContainTextAsync("FAILED");
        await Expect(card).ToContainTextAsync("70 of 256 tasks failed");
        await Expect(card).ToContainTextAsync("Failed tasks by cause");
        await Expect(card).ToContainTextAsync("47 servers: driver mismatch: expected 24.1.0.3, found 23.0.6");
        await Expect(card).ToContainTextAsync("NPU health check failed");
        await Expect(card).ToContainTextAsync("liteserver-a2-llama-001");
        await chat.ScreenshotAsync(card, "card");
    }

    [Fact]
    public async Task Unknown_job_gets_a_card_that_says_it_was_not_found_and_how_to_fix_it()
    {
        await using var chat = await playground.OpenAsync(nameof(Unknown_job_gets_a_card_that_says_it_was_not_found_and_how_to_fix_it));

        await chat.SendAsync($"job {JobCatalog.NotFoundJobId}");

        await Expect(chat.Cards).ToHaveCountAsync(2);
        var card = chat.Cards.Last;
        await Expect(card).ToContainTextAsync("Job not found");
        await Expect(card).ToContainTextAsync("ModelArts has no job with this id in project");
        await Expect(card).ToContainTextAsync("Check the id, or paste the job's console link.");
        await Expect(card).ToContainTextAsync("Request id");
        await chat.ScreenshotAsync(card, "card");
    }

    [Fact]
    public async Task Malformed_job_id_gets_one_sentence_saying_what_is_wrong()
    {
        await using var chat = await playground.OpenAsync(nameof(Malformed_job_id_gets_one_sentence_saying_what_is_wrong));

        await chat.SendAsync("job " + new string('x', 70));

        // The sentence names the limit and says what to type instead (its exact wording belongs to the id rule).
        var answer = chat.Said("Type job followed by the job id, or paste the job's console link.");
        await Expect(answer).ToBeVisibleAsync();
        await Expect(answer).ToContainTextAsync(new Regex(@"\b64 characters\b|\bthe most is 64\b"));
        // Welcome, the user's message, the answer: a plain sentence, not a card.
        await Expect(chat.Messages).ToHaveCountAsync(3);
        await Expect(chat.Cards).ToHaveCountAsync(1);
        await chat.ScreenshotAsync("page");
    }
}
