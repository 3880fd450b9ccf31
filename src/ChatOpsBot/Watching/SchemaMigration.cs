namespace ChatOpsBot.Watching;

/// <summary>One step of the watch store's schema; applied once, in order of <see cref="Version"/>, each in its own transaction.</summary>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
