namespace ChatOpsBot.Cards.Model;

/// <summary>The host's semantic colours; Teams picks the shades for light, dark and high-contrast themes.</summary>
public enum TextColor { Default, Accent, Good, Warning, Attention }
