using ChatOpsBot.Cards;

namespace ChatOpsBot.Tests.Cards;

/// <summary>Every card the bot sends, checked by the official adaptivecards package and rendered in Chromium.</summary>
public sealed class OfficialRendererTests(RenderedCardsFixture rendered) : IClassFixture<RenderedCardsFixture>
{
    [Fact]
    public void Every_card_passes_the_official_validator_as_version_1_5()
    {
        Assert.Equal(rendered.Files.Count, rendered.Validation.Count);
        Assert.All(rendered.Validation, result => Assert.True(result.Errors.Count == 0,
            $"{Path.GetFileName(result.File)}: {string.Join("; ", result.Errors.Select(error => $"{error.Source} {error.Message}"))}"));
    }

    [Fact]
    public void The_validator_finds_errors_when_there_are_some()
    {
        var broken = Path.Combine(rendered.Directory, "broken.json");
        File.WriteAllText(broken, """{"type":"AdaptiveCard","version":"1.6","body":[{"type":"TextBlock","text":"x","color":"purple"}]}""");

        var result = NodeScripts.Run("validate-card.mjs", [broken], TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("color", result.Output, StringComparison.Ordinal);
        Assert.Contains("1.6", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_card_renders_at_360_and_540_without_horizontal_scrolling_or_cut_off_text()
    {
        Assert.Equal(rendered.Files.Count * RenderedCardsFixture.Widths.Length, rendered.Renders.Count);
        Assert.All(rendered.Renders, render =>
        {
            var name = $"{Path.GetFileName(render.File)} at {render.Width} px";
            Assert.Empty(render.RenderErrors);
            Assert.False(render.ScrollsHorizontally, $"{name} scrolls sideways ({render.ScrollWidth} px wide)");
            Assert.True(render.Clipped.Count == 0, $"{name} cuts off: {string.Join(" | ", render.Clipped)}");
            Assert.True(new FileInfo(render.Png).Length > 1_000, $"{name}: no picture");
        });
    }

    [Fact]
    public void Every_card_is_within_budget_with_at_most_three_buttons()
    {
        Assert.All(rendered.Cards, card =>
        {
            Assert.InRange(new FileInfo(rendered.Files[card.Key]).Length, 1, 24 * 1024);
            Assert.InRange(card.Value.Card.Actions?.Count ?? 0, 0, 3);
            Assert.False(string.IsNullOrWhiteSpace(card.Value.Summary));
        });
    }
}
