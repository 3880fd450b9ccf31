using System.Globalization;

namespace ChatOpsBot.FailureCauses.Tests;

/// <summary>A text seen again skips the tokenizer (<see cref="RepeatedMessages"/>): the causes must be what reading it again would give.</summary>
public sealed class RepeatedMessageTests
{
    [Fact]
    public void A_text_seen_again_counts_again_with_its_server_and_changes_nothing_else()
    {
        const string Ecc = "ECC uncorrectable on NPU 3, code 0x1f2e";
        const string Link = "RoCE link down on eth5";
        // A copy, not the same instance: the comparison is of the text.
        var again = new string(Ecc.AsSpan());

        var repeated = Group([Ecc, Link, again, Ecc]);
        var once = Group([Ecc, Link]);

        var cause = repeated.CauseOf(0);
        Assert.Equal(3, cause.Count);
        Assert.Equal(["srv-0", "srv-2", "srv-3"], cause.Servers);
        Assert.Same(cause, repeated.CauseOf(2));
        Assert.Same(cause, repeated.CauseOf(3));
        var alone = once.CauseOf(0);
        Assert.Equal((alone.Key, alone.Template, alone.Example), (cause.Key, cause.Template, cause.Example));
        Assert.Equal(alone.Variables, cause.Variables);
        Assert.Equal(1, repeated.CauseOf(1).Count);
    }

    [Fact]
    public void Texts_alike_in_length_start_middle_and_end_are_still_read_each_on_its_own()
    {
        // Same length, same first, middle and last four characters: they share a slot of the table, and only the
        // whole text decides a repeat. The ports and the users differ where the table does not look.
        string[] messages =
        [
            "port 22 closed on eth0 by the peer",
            "port 23 closed on eth0 by the peer",
            "user alice logged in from the console",
            "user bobby logged in from the console",
        ];
        Assert.All(messages, message => Assert.True(message.Length >= 4));

        var grouping = Group(messages);

        var port = grouping.CauseOf(0);
        Assert.Same(port, grouping.CauseOf(1));
        Assert.Equal("n = 22–23", Assert.Single(port.Variables).Text);
        // Two users are two causes (a word with fewer than four values tells causes apart); one read twice would be one.
        Assert.NotSame(grouping.CauseOf(2), grouping.CauseOf(3));
        Assert.Equal(["user alice logged in from the console", "user bobby logged in from the console"],
            new[] { grouping.CauseOf(2).Template, grouping.CauseOf(3).Template }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Many_repeats_among_many_texts_give_the_causes_of_reading_each_one()
    {
        // More texts than the table has slots, each repeated at random places: the same causes, keys, counts,
        // servers and values as when every text is distinct (a second line with the index: the lead line is the same).
        var random = new Random(7);
        var messages = Enumerable.Range(0, 20_000)
            .Select(_ => random.Next(6_000))
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"shard {n % 3_000} checksum mismatch on node-{n % 97}, expected {n:x4}"))
            .ToList();
        var distinct = messages.Select((message, i) => string.Create(CultureInfo.InvariantCulture, $"{message}\n#{i}")).ToList();

        var repeated = Group(messages);
        var unrepeated = Group(distinct);

        Assert.Equal(Describe(unrepeated), Describe(repeated));
    }

    private static CauseGrouping Group(IEnumerable<string> messages)
    {
        var grouper = new CauseGrouper();
        var i = 0;
        foreach (var message in messages)
        {
            grouper.Add(message, string.Create(CultureInfo.InvariantCulture, $"srv-{i++}"));
        }
        return grouper.Group();
    }

    private static List<string> Describe(CauseGrouping grouping) =>
        grouping.Causes.Select(cause => $"{cause.Key} {cause.Count} {cause.Template} {string.Join(",", cause.Servers)} {string.Join(",", cause.Variables.Select(v => v.Text))}").ToList();
}
