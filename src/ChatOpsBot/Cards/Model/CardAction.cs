using System.Text.Json.Serialization;

namespace ChatOpsBot.Cards.Model;

/// <summary>A button of the card, written with its Adaptive Card <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionOpenUrl), "Action.OpenUrl")]
public abstract record CardAction(string Title);
