// Each collection starts a bot, the Playground and Chromium: on two shared cores, two such set-ups at once would only
// slow each other past the tests' patience. Collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
