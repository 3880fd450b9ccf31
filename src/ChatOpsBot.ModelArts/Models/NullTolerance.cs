namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// JSON <c>null</c> for a list, or a <c>null</c> inside it, carries no information: read as empty / left out, so that
/// code reading a job never meets a null where the type says there is none. Needed for absent fields too: the source
/// generator sets init-only properties through its creator, so an absent one arrives as null, not as its initializer.
/// </summary>
internal static class NullTolerance
{
    public static IReadOnlyList<T> Compact<T>(IReadOnlyList<T>? items) where T : class
    {
        if (items is null)
        {
            return [];
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return [.. items.Where(item => item is not null)];
            }
        }
        return items;
    }
}
