public static class GitVersionInformation
{
    public const string InformationalVersion = "0.0.0-corpus";
    public const string SemVer = "0.0.0-corpus";
    public const string FullSemVer = "0.0.0-corpus";
}
