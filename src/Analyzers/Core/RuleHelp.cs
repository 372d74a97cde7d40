namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Categories and help links shared by every descriptor.</summary>
    internal static class RuleHelp
    {
        public const string RepositoryUrl = "https://github.com/asyncguard/asyncguard";

        public const string BlockingCategory = "AsyncGuard.Blocking";
        public const string TaskLifetimeCategory = "AsyncGuard.TaskLifetime";
        public const string CancellationCategory = "AsyncGuard.Cancellation";
        public const string PrimitivesCategory = "AsyncGuard.Primitives";
        public const string StyleCategory = "AsyncGuard.Style";

        /// <summary>
        /// Custom tag of the rules that catch definite bugs (code that is wrong whatever the context): the `minimal`
        /// preset keeps exactly these.
        /// </summary>
        public const string DefiniteBugTag = "AsyncGuard.DefiniteBug";

        /// <summary>The rule's page under docs/rules.</summary>
        public static string LinkFor(string id) => RepositoryUrl + "/blob/main/docs/rules/" + id + ".md";
    }
}
