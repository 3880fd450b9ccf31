using System.Text.Json.Serialization;

namespace ChatOpsBot.Cards.Model;

/// <summary>An element of a card's body, written with its Adaptive Card <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
public abstract record CardElement
{
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
}
