namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The semantic model of another file of the compilation, for proofs that read a helper declared there.</summary>
    internal static class SemanticModels
    {
        /// <summary>
        /// <paramref name="model"/> itself when <paramref name="tree"/> is its file, else the compilation's model of that file.
        /// Callers ask only on a cold path (a finding about to be reported, or a fact cached per compilation); each says which.
        /// </summary>
        public static SemanticModel For(SemanticModel model, SyntaxTree tree)
        {
            if (tree == model.SyntaxTree)
            {
                return model;
            }

#pragma warning disable RS1030 // Cold paths only (see the callers); the driver shares the model it made for that file.
            return model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }
    }
}
