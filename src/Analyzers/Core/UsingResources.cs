namespace AsyncGuard.Analyzers.Core
{
    /// <summary>What a `using` disposes, for the rules that look at `using` statements and declarations alike.</summary>
    internal static class UsingResources
    {
        /// <summary>The resources of a using statement or the declaration group of a using declaration; null for anything else.</summary>
        public static IOperation? Of(IOperation? operation) => operation switch
        {
            IUsingOperation u => u.Resources,
            IUsingDeclarationOperation d => d.DeclarationGroup,
            _ => null,
        };
    }
}
