namespace ChatOpsBot.Cards.Model;

public enum TextSize { Small, Default, Medium, Large }
