namespace ChatOpsBot.Cards.Model;

public enum Spacing { None, Small, Default, Medium, Large }
