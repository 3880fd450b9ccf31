namespace ChatOpsBot.Cards.Model;

public enum ContainerStyle { Default, Emphasis, Good, Warning, Attention }
