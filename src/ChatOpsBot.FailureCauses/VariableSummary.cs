using System.Globalization;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The values seen in one variable part of a cause's template, in the order the parts appear: "n = 0–7", "n = 3",
/// "ip: 12 values", "time: 256+ values".
/// </summary>
/// <param name="Placeholder">The placeholder as the template shows it, e.g. <c>‹n›</c>.</param>
/// <param name="Values">How many different values (at least this many when <paramref name="AtLeast"/>).</param>
/// <param name="Min">The smallest integer value, when every value was an integer.</param>
/// <param name="Max">The largest integer value, when every value was an integer.</param>
public sealed record VariableSummary(string Placeholder, int Values, bool AtLeast, long? Min, long? Max)
{
    public string Name => Placeholders.NameOf(Placeholder);

    public string Text => Min is { } min && Max is { } max
        ? min == max
            ? string.Create(CultureInfo.InvariantCulture, $"{Name} = {min:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"{Name} = {min:N0}–{max:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"{Name}: {Values:N0}{(AtLeast ? "+" : "")} {(Values == 1 ? "value" : "values")}");
}
