namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's base fallbacks (issue 16, fourteenth pass, corpus16lib: RepoDB's own <c>DataEntityDataReader</c>, an
    /// in-memory <c>DbDataReader</c> over an entity list, disposed with <c>using</c> in the async bulk operations of another
    /// project of the repository): whether the overrides a class of a reference assembly declares are all it has.
    /// <para>
    /// The knowledge base assumes that a class of a reference assembly may override a base fallback
    /// (<c>DbDataReader.DisposeAsync</c>, <c>Stream.DisposeAsync</c>, <c>DbCommand.ExecuteReaderAsync</c>, ...) without
    /// showing it: platform and package contracts (the framework's reference packs, netstandard.dll, hand-written
    /// <c>ref/</c> assemblies of packages) describe an implementation that is built separately and may override more than
    /// the contract lists. A reference assembly the compiler made from a project's own source (the <c>obj/ref</c> assembly
    /// MSBuild hands to the projects that reference it) is no such contract: it keeps every public and protected member of
    /// its source, and an override of a public virtual method is public, so an override it does not show does not exist.
    /// </para>
    /// <para>
    /// The two are told apart by the strong name: every platform and package contract is strong-named, and a reference
    /// assembly without a public key can only be a project's own (or an unsigned library's), whose declared overrides are
    /// complete. A strong-named reference assembly keeps the old assumption (its overrides may be left out), so a signed
    /// library's project reference is still treated as a contract: the rule stays on the reporting side there.
    /// </para>
    /// </summary>
    internal static class CompilerMadeReferenceAssemblies
    {
        /// <summary>
        /// <paramref name="assembly"/> (a reference assembly) carries no public key: the compiler made it from the source of
        /// the implementation it stands for, so the overrides it declares are all the implementation has.
        /// </summary>
        public static bool ListsEveryOverride(IAssemblySymbol? assembly)
            => assembly is not null and not ISourceAssemblySymbol && !assembly.Identity.HasPublicKey;
    }
}
