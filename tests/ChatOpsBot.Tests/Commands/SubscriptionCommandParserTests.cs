using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Commands;

/// <summary>
/// subscribe, unsubscribe, subscriptions, mute, unmute and watch … mention: parsed by the class the bot asks before
/// the main parser. People come from the message's mention entities, given here as <see cref="MessageMentions"/>.
/// </summary>
public sealed class SubscriptionCommandParserTests
{
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");
    private static readonly MentionTarget Megan = new("29:1-megan", "Megan Bowen");
    private static readonly MessageMentions InChannel = new([], 0, IsPersonalChat: false);
    private static readonly MessageMentions AlexAndMegan = new([Alex, Megan], 0, IsPersonalChat: false);

    [Theory]
    [InlineData("subscribe", null, null)]
    [InlineData("Subscribe.", null, null)]
    [InlineData("<at>Test Bot</at> subscribe", null, null)]
    [InlineData("/subscribe name train-", "train-", null)]
    [InlineData("subscribe type common", null, "COMMON")]
    [InlineData("subscribe name \"train-bert\" type ASCEND_HDK_UPGRADE", "train-bert", "ASCEND_HDK_UPGRADE")]
    [InlineData("subscribe TYPE env_prepare NAME Llama", "Llama", "ENV_PREPARE")]
    [InlineData("<p>subscribe&nbsp;name&nbsp;hdk-</p>", "hdk-", null)]
    public void Subscribe_reads_name_prefix_and_type(string text, string? prefix, string? type) =>
        Assert.Equal(new SubscribeCommand(new SubscriptionFilter(prefix, type), []), SubscriptionCommandParser.Parse(text, InChannel));

    [Fact]
    public void Mention_takes_the_people_from_the_mention_entities_not_the_text()
    {
        // The text names someone else entirely: only the entities say who Teams resolved.
        var text = "<at>Test Bot</at> subscribe name train- mention <at>Alex Wilber</at> <at>Someone Else</at>";
        var mentions = new MessageMentions([Alex, Megan, Alex], 0, IsPersonalChat: false);

        var command = SubscriptionCommandParser.Parse(text, mentions);

        Assert.Equal(new SubscribeCommand(new SubscriptionFilter("train-"), [Alex, Megan]), command);
    }

    [Fact]
    public void Watch_with_mention_names_the_job_and_the_people() =>
        Assert.Equal(new WatchWithMentionsCommand("train-bert-large", [Alex, Megan]),
            SubscriptionCommandParser.Parse("watch train-bert-large mention <at>Alex Wilber</at> <at>Megan Bowen</at>", AlexAndMegan));

    [Theory]
    [InlineData("watch train-bert-large mention <at>Alex Wilber</at>", "train-bert-large")]
    [InlineData("<at>Test Bot</at> Watch `train-bert-large` ping <at>Alex Wilber</at>", "train-bert-large")]
    [InlineData("watch id: hdk-rollout-canary mentioning <at>Alex Wilber</at>", "hdk-rollout-canary")]
    public void Watch_with_mention_reads_the_job_id_as_watch_does(string text, string jobId) =>
        Assert.Equal(new WatchWithMentionsCommand(jobId, [Alex]), SubscriptionCommandParser.Parse(text, new MessageMentions([Alex, Alex], 0, false)));

    [Fact]
    public void Watch_with_people_mentioned_but_without_the_word_mention_says_to_write_it()
    {
        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("watch train-bert-large <at>Alex Wilber</at>", AlexAndMegan));

        Assert.Equal("watch", command.Verb);
        Assert.Equal("To have people pinged, write mention before their @mentions, for example: watch ID mention @Alex.", command.Reason);
    }

    [Fact]
    public void Watch_with_mention_in_a_personal_chat_or_of_a_channel_gets_a_clear_sentence()
    {
        var personal = Assert.IsType<InvalidSubscriptionCommand>(
            SubscriptionCommandParser.Parse("watch train-bert-large mention <at>Alex Wilber</at>", new MessageMentions([Alex], 0, IsPersonalChat: true)));
        var channel = Assert.IsType<InvalidSubscriptionCommand>(
            SubscriptionCommandParser.Parse("watch train-bert-large mention <at>General</at>", new MessageMentions([], NotPeople: 1, IsPersonalChat: false)));

        Assert.Equal("There is nobody else to mention in a personal chat: mention works in channels and group chats.", personal.Reason);
        Assert.Equal("Only people can be mentioned, not a channel, a team or a tag: @mention each person.", channel.Reason);
    }

    [Theory]
    [InlineData("watch train-bert-large")]
    [InlineData("job train-bert-large")]
    [InlineData("jobs failed")]
    [InlineData("help")]
    [InlineData("")]
    public void Anything_else_is_left_to_the_main_parser(string text) =>
        Assert.Null(SubscriptionCommandParser.Parse(text, InChannel));

    [Theory]
    [InlineData("subscribe mention")]
    [InlineData("watch train-bert-large mention")]
    public void Mention_without_any_mentioned_person_asks_to_pick_them(string text)
    {
        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse(text, InChannel));

        Assert.Equal("Who should be pinged? After mention, type @ and pick each person from the list, so Teams knows who they are.", command.Reason);
    }

    [Fact]
    public void A_typed_at_name_is_not_a_mention()
    {
        var subscribe = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("subscribe mention @alex", AlexAndMegan));
        var watch = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("watch x mention @alex", AlexAndMegan));

        Assert.StartsWith("A typed name is not a mention", subscribe.Reason, StringComparison.Ordinal);
        Assert.StartsWith("A typed name is not a mention", watch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mention_in_a_personal_chat_gets_a_clear_sentence()
    {
        var personal = new MessageMentions([Alex], 0, IsPersonalChat: true);

        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("subscribe mention <at>Alex Wilber</at>", personal));

        Assert.Equal("There is nobody else to mention in a personal chat: mention works in channels and group chats.", command.Reason);
    }

    [Fact]
    public void Mentioning_a_channel_or_tag_is_refused()
    {
        var channel = new MessageMentions([Alex], NotPeople: 1, IsPersonalChat: false);

        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("subscribe mention <at>General</at>", channel));

        Assert.Equal("Only people can be mentioned, not a channel, a team or a tag: @mention each person.", command.Reason);
    }

    [Fact]
    public void People_mentioned_without_the_word_mention_are_not_silently_ignored()
    {
        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse("subscribe <at>Alex Wilber</at>", AlexAndMegan));

        Assert.Equal("To have people pinged, write mention before their @mentions, for example: subscribe mention @Alex.", command.Reason);
    }

    [Theory]
    [InlineData("subscribe name", "Which name?")]
    [InlineData("subscribe type", "Which type?")]
    [InlineData("subscribe type common-jobs", "A job type is letters, digits and _")]
    [InlineData("subscribe name a name b", "Give one name.")]
    [InlineData("subscribe type A type B", "Give one type.")]
    [InlineData("subscribe to everything", "I did not understand that.")]
    public void Subscribe_words_it_cannot_use_get_a_sentence_with_an_example(string text, string reason)
    {
        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse(text, InChannel));

        Assert.Equal("subscribe", command.Verb);
        Assert.StartsWith(reason, command.Reason, StringComparison.Ordinal);
        Assert.EndsWith("for example: subscribe name train- type COMMON mention @Alex", command.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unsubscribe", null)]
    [InlineData("unsubscribe 2", 2)]
    [InlineData("Unsubscribe #3.", 3)]
    [InlineData("<at>Test Bot</at> unsubscribe 999", 999)]
    public void Unsubscribe_takes_an_optional_number(string text, int? number) =>
        Assert.Equal(new UnsubscribeCommand(number), SubscriptionCommandParser.Parse(text, InChannel));

    [Theory]
    [InlineData("unsubscribe 0")]
    [InlineData("unsubscribe 1000")]
    [InlineData("unsubscribe -1")]
    [InlineData("unsubscribe all")]
    [InlineData("unsubscribe 1 2")]
    public void Unsubscribe_with_anything_but_one_number_says_what_to_type(string text)
    {
        var command = Assert.IsType<InvalidSubscriptionCommand>(SubscriptionCommandParser.Parse(text, InChannel));

        Assert.StartsWith("Type unsubscribe and the number that subscriptions shows", command.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subscriptions")]
    [InlineData("Subscriptions?")]
    [InlineData("<at>Test Bot</at> subscribed")]
    public void Subscriptions_lists_them(string text) =>
        Assert.Equal(new ListSubscriptionsCommand(), SubscriptionCommandParser.Parse(text, InChannel));

    [Theory]
    [InlineData("mute proj-data-clean", true)]
    [InlineData("MUTE `proj-data-clean`.", true)]
    [InlineData("unmute proj-data-clean", false)]
    [InlineData("unmute id: proj-data-clean", false)]
    public void Mute_and_unmute_take_a_job_id_like_watch(string text, bool mute) =>
        Assert.Equal(mute ? new MuteJobCommand("proj-data-clean") : new UnmuteJobCommand("proj-data-clean"),
            SubscriptionCommandParser.Parse(text, InChannel));

    [Theory]
    [InlineData("mute", typeof(MissingJobIdCommand))]
    [InlineData("unmute 0123456789012345678901234567890123456789012345678901234567890123456789", typeof(InvalidJobIdCommand))]
    [InlineData("watch mention <at>Alex Wilber</at>", typeof(MissingJobIdCommand))]
    public void A_missing_or_bad_job_id_is_answered_as_for_watch(string text, Type expected) =>
        Assert.IsType(expected, SubscriptionCommandParser.Parse(text, AlexAndMegan));

    [Fact]
    public void A_cut_message_is_not_read_as_a_subscription()
    {
        var command = SubscriptionCommandParser.Parse("subscribe name " + new string('a', CommandParser.MaxInputLength), InChannel);

        Assert.IsType<InvalidSubscriptionCommand>(command);
    }

    [Fact]
    public void The_main_parser_leaves_these_commands_to_the_subscription_parser_which_the_bot_asks_first()
    {
        foreach (var text in new[] { "subscribe", "unsubscribe 1", "subscriptions", "mute x", "unmute x" })
        {
            Assert.IsType<UnknownCommand>(CommandParser.Parse(text));
            Assert.NotNull(SubscriptionCommandParser.Parse(text, InChannel));
        }
    }

    [Theory]
    [InlineData(null, null, new[] { "train-bert-large", "Train-GPT", "hdk-upgrade-pool-b-01", "eval" })]
    [InlineData("train-", null, new[] { "train-bert-large", "Train-GPT" })]
    [InlineData(null, "ascend_hdk_upgrade", new[] { "hdk-upgrade-pool-b-01" })]
    [InlineData("train-", "COMMON", new[] { "train-bert-large" })]
    public void Filter_matches_the_start_of_the_name_and_the_type(string? prefix, string? type, string[] expected)
    {
        LiteServerJobSummary[] rows =
        [
            new() { Name = "train-bert-large", Type = "COMMON" },
            new() { Name = "Train-GPT", Type = "ENV_PREPARE" },
            new() { Name = "hdk-upgrade-pool-b-01", Type = "ASCEND_HDK_UPGRADE" },
            new() { Name = "eval", Type = null },
        ];

        Assert.Equal(expected, rows.Where(new SubscriptionFilter(prefix, type?.ToUpperInvariant()).Matches).Select(r => r.Name!));
    }
}
