namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' memory streams returned by a helper of the compilation, corpus10lib class W1' (second half; issue 16,
    /// twelfth pass, mime10; never blocks, no option): the value is a call (awaited when the helper is async, possibly with
    /// <c>ConfigureAwait</c>) of a method of this compilation that is neither virtual, abstract, an override, extern nor an
    /// interface member, whose every <c>return</c> gives a value the in-memory proof accepts in the helper's own body
    /// (<c>var memory = new MemoryBlockStream(); .. return memory;</c>), directly, through a never-reassigned local, or through
    /// one further such helper (the walk is <see cref="ReturnedFiles.EveryReturnIs"/>, shared with the returned-file classes).
    /// The helper's body is what the call runs, so the stream is known as well as if the function had made it:
    /// <c>using (var compressed = await CompressAsync(content, ..).ConfigureAwait(false)) { .. compressed.Read(buf, 0, n) .. }</c>.
    /// xfile16 (fourteenth pass): a helper in another file of the compilation is proved the same way, once per compilation
    /// (<see cref="MethodFacts"/>, fact ReturnsMemory), instead of being left reported for cost.
    /// Still reported: a virtual, abstract or interface helper, a helper of another assembly, a helper that returns a
    /// parameter, a field or anything else the proof does not accept on some path, an async helper's task not awaited.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        /// <summary>
        /// Helpers are followed from a proof at a depth below this; the helper's returns are proved from this depth on, so the
        /// proof inside a helper never follows a helper itself (the shared walk follows one more: two helpers in all).
        /// </summary>
        private const int HelperCost = 4;

        private bool IsReturnedMemory(IOperation value, int depth, CancellationToken cancellationToken)
        {
            value = Invocations.WithoutImplicitConversions(value);
            var awaited = value is IAwaitOperation;
            if (Invocations.Produced(value) is not IInvocationOperation call || depth >= HelperCost
                || (call.TargetMethod.IsAsync && !awaited)
                || (awaited && !call.TargetMethod.IsAsync))
            {
                // An async helper's task is not the stream; an awaited non-async helper returns a task the walk cannot see into.
                return false;
            }

            Func<IOperation, bool> test = returned => returned.SemanticModel is { } calleeModel && EnclosingFunction.Find(returned.Syntax) is { } callee
                && IsOverMemory(returned, callee, calleeModel, HelperCost, cancellationToken);
            if (ReturnedFiles.EveryReturnIs(call, test, cancellationToken))
            {
                return true;
            }

            // xfile16: a helper in another file of the compilation, proved once per compilation (MethodFacts.ReturnsMemory).
            var facts = _types.MethodFacts;
            if (call.SemanticModel is not { } model || facts.Declaration(call.TargetMethod, cancellationToken) is not { } declaration
                || declaration.SyntaxTree == model.SyntaxTree)
            {
                return false; // the same file's helper was decided above
            }

            return facts.Get(call.TargetMethod, MethodFact.ReturnsMemory, -1, 0, _ =>
                facts.ModelOf(declaration.SyntaxTree) is { } calleeModel && ReturnedFiles.EveryReturnIn(declaration, calleeModel, test, cancellationToken));
        }
    }
}
