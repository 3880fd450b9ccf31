namespace ChatOpsBot.FailureCauses.Tests;

/// <summary>
/// A line's tokens are taken from a line tokenized before where the two differ only in digits (and hex digits inside
/// hex words): <see cref="ReferenceLine"/> for a whole line, <see cref="TokenShape"/> for one token. Taken tokens must
/// be exactly what scanning the line afresh gives, including where a digit's value changes a token's kind.
/// </summary>
public sealed class TokenReuseTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        // Digits only: the same tokens.
        { "ECC uncorrectable on NPU 3 at 10:42:07, code 5", "ECC uncorrectable on NPU 7 at 11:02:59, code 9" },
        { "/dev/davinci5 reset after 120 s", "/dev/davinci2 reset after 931 s" },
        { "done in 5.", "done in 7." },
        // An IPv4 address or a number by its octets; a "0x" prefix or a word by its first digit.
        { "Connection to 10.0.0.1 refused", "Connection to 99.0.0.1 refused" },
        { "Connection to 99.0.0.1 refused", "Connection to 10.0.0.1 refused" },
        { "Connection to 10.0.0.1 refused", "Connection to 10.0.0.999 refused" },
        { "peer (10.0.0.1) down", "peer (99.0.0.1) down" },
        { "register 0x1f is set", "register 1x1f is set" },
        // A hex word stays a hex word only while it has a digit and a letter.
        { "checksum 9f2c002a bad", "checksum 9f2c002b bad" },
        { "checksum 9f2c002a bad", "checksum deadbeef bad" },
        { "checksum 9f2c002a bad", "checksum 12345678 bad" },
        { "mac aa:bb:cc:dd:ee:0f seen", "mac aa:bb:cc:dd:ee:f1 seen" },
        { "error code 0x7483 on NPU 0", "error code 0xd5df on NPU 5" },
        { "error code 0x7483 on NPU 0", "error code 5xd5df on NPU 5" },
        { "error code 0xd5df on NPU 0", "error code 0xd5dz on NPU 5" },
        // A colon joins hex groups, or ends a word, by what is around it.
        { "key ab12:5f end", "key ab12:zz end" },
        { "code 12:ab end", "code 12:xy end" },
        // A bracket right after a word joins it only where it closes before a space.
        { "state LOCAL(0) now", "state LOCAL(0 x) now" },
        { "state LOCAL(0 x) now", "state LOCAL(9) now" },
        { "state LOCAL(000 x) now", "state LOCAL(000) now" },
        { "节点 lite-a2-node-703 网络不可达，请检查交换机端口 9", "节点 lite-a2-node-118 网络不可达，请检查交换机端口 4" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_line_like_one_read_before_gets_the_tokens_reading_it_afresh_gives(string before, string now)
    {
        var lines = new ReferenceLines();
        Remember(lines, before);
        var (start, end) = MessageTokenizer.LeadLine(now);

        var fresh = Tokens(now, PreviousMessage.None);
        var taken = Tokens(now, lines.Nearest(start, end));
        var line = lines.Find(now, start, end);

        Assert.Equal(fresh, taken);
        if (line is not null)
        {
            Assert.Equal(fresh, line.Tokens.ToArray());
        }
    }

    [Fact]
    public void A_line_that_differs_only_in_digits_and_hex_digits_is_not_read_again()
    {
        var lines = new ReferenceLines();
        Remember(lines, "Checksum mismatch in shard 00041: expected 9f2c0029, found 0000af29");
        const string Now = "Checksum mismatch in shard 00042: expected 9f2c002a, found 0000af2a";
        var (start, end) = MessageTokenizer.LeadLine(Now);

        Assert.NotNull(lines.Find(Now, start, end));
        // 00000029 is a number, 0000002a a hex word: not the same tokens.
        Assert.Null(lines.Find("Checksum mismatch in shard 00042: expected 9f2c002a, found 00000029", start, end));
        Assert.Null(lines.Find("Checksum mismatch in shard 00042: expected 9f2c002a, found 0000af2a!", start, end + 1));
        Assert.Null(lines.Find("Checksum mismatch in chunk 00042: expected 9f2c002a, found 0000af2a", start, end));
        Assert.Null(lines.Find("Checksum mismatch in shard 00042: expected deadbeef, found 0000af2a", start, end));
        var ecc = new ReferenceLines();
        Remember(ecc, "[2026-11-26 06:12:30] npu-smi: ECC uncorrectable error on NPU 0 (chip 1), error code 0x7483");
        const string Later = "[2026-11-09 01:48:06] npu-smi: ECC uncorrectable error on NPU 5 (chip 0), error code 0xd5df";
        Assert.NotNull(ecc.Find(Later, 0, Later.Length));
        Assert.Null(ecc.Find(Later.Replace("0xd5df", "5xd5df", StringComparison.Ordinal), 0, Later.Length));
    }

    private static void Remember(ReferenceLines lines, string text)
    {
        var (start, end) = MessageTokenizer.LeadLine(text);
        var tokens = Tokens(text, PreviousMessage.None);
        lines.Remember(text, start, end, tokens, new MaskedTemplate(0, tokens, text, 0, null, 0));
    }

    private static Token[] Tokens(string text, in PreviousMessage previous)
    {
        var (start, end) = MessageTokenizer.LeadLine(text);
        var tokens = new Token[MessageTokenizer.MaxTokens];
        var count = MessageTokenizer.Tokenize(text, start, end, tokens, previous, out _);
        return tokens[..count];
    }
}
