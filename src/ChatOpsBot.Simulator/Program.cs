// Placeholder entry point; the simulator's own host is built by the foundation work.
System.Console.WriteLine("ChatOpsBot.Simulator");
