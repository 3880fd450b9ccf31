using ChatOpsBot.Cards;

namespace ChatOpsBot.Tests.Cards;

/// <summary>API text put into a Teams text message reads literally: no italics, no links, no HTML.</summary>
public sealed class TeamsTextTests
{
    [Theory]
    [InlineData("nccl_all_reduce", @"nccl\_all\_reduce")]
    [InlineData("[Re-authenticate](https://login.example.com/)", @"\[Re-authenticate\](https://login.example.com/)")]
    [InlineData("**urgent** ~~done~~ `rm -rf`", @"\*\*urgent\*\* \~\~done\~\~ \`rm -rf\`")]
    [InlineData("<b>bold</b> & <at>Everyone</at>", "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;at&gt;Everyone&lt;/at&gt;")]
    [InlineData(@"C:\jobs\#1 | a", @"C:\\jobs\\\#1 \| a")]
    [InlineData("line one\n# heading\n- item", @"line one \# heading - item")]
    public void Markdown_and_html_in_api_text_are_escaped(string text, string expected) =>
        Assert.Equal(expected, TeamsText.Escape(text));

    [Theory]
    [InlineData("train-llama-256")]
    [InlineData("0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("NCCL timeout (rank 3.1), retry later!")]
    public void Ordinary_text_is_left_as_it_is(string text) => Assert.Equal(text, TeamsText.Escape(text));
}
