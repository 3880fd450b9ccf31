namespace ChatOpsBot.Cards.Model;

public enum TextWeight { Default, Bolder }
