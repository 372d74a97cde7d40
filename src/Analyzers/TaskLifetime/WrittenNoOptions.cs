namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (corpus12lib, issue 16, thirteenth pass; grpc-dotnet's client calls): a completion source created with its
    /// creation options written out as none (`new TaskCompletionSource&lt;T&gt;(TaskCreationOptions.None)`, `(state,
    /// TaskCreationOptions.None)`, `(0)`, `(default)`). Writing the argument whose only effect would be to say "no options"
    /// is a decision about exactly what this rule reports: the author weighed the creation options and chose inline
    /// continuations (grpc-dotnet: awaiters meant to run inside the completer's lock, next to a source created with
    /// RunContinuationsAsynchronously). The same way AG0301 takes a written `CancellationToken.None` as a decision.
    /// <para>
    /// Still reported (the nearest cases): no options argument (`()`, `(state)`), an options argument with other flags and
    /// no RunContinuationsAsynchronously (`LongRunning`, `None | AttachedToParent`), and a default parameter value a helper
    /// fills in (the argument is not written at the creation).
    /// </para>
    /// </summary>
    internal static class WrittenNoOptions
    {
        /// <summary>Whether <paramref name="argument"/> (a TaskCreationOptions argument) is written in source with the constant value none.</summary>
        public static bool IsWrittenNone(IArgumentOperation argument) =>
            argument.ArgumentKind == ArgumentKind.Explicit
            && !argument.IsImplicit
            && argument.Value.ConstantValue is { HasValue: true, Value: int flags }
            && flags == 0;
    }
}
