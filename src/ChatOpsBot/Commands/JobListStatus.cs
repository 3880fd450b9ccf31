namespace ChatOpsBot.Commands;

/// <summary>Which jobs <c>jobs</c> lists: all, those with failed nodes, those running, or those finished.</summary>
public enum JobListStatus { All, Failed, Running, Finished }
