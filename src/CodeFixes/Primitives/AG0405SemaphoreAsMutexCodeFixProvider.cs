using AsyncGuard.Analyzers.Primitives;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>
    /// AG0405: the <c>SemaphoreSlim(1, 1)</c> field becomes an AsyncLock and each <c>await f.WaitAsync(token); try { .. }
    /// finally { f.Release(); }</c> becomes <c>using (await f.LockAsync(token)) { .. }</c> (the token, ConfigureAwait and
    /// comments kept). The analyzer reports only fields whose every use is such a pair (or Dispose), so the fix converts all.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0405SemaphoreAsMutexCodeFixProvider)), Shared]
    public sealed class AG0405SemaphoreAsMutexCodeFixProvider : PlanCodeFixProvider
    {
        public AG0405SemaphoreAsMutexCodeFixProvider()
            : base(AG0405SemaphoreAsMutexAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var (model, types, ct) = (input.Model, input.Types, input.CancellationToken);
            if (types.AsyncGuardLock is not { } asyncLock
                || input.TokenAt(diagnostic).Parent is not VariableDeclaratorSyntax declarator
                || SemaphoreMutex.Find(declarator, model, types, ct) is not { } mutex)
            {
                return null;
            }

            var lockType = AsyncLockConversion.RuntimeTypeName(mutex.Declaration, model, asyncLock, plan, ct);
            plan.Replace(mutex.Declaration, current => AsyncLockConversion.RewriteField((FieldDeclarationSyntax)current, declarator, lockType));
            foreach (var site in mutex.Sites)
            {
                AsyncLockConversion.PlanRemoval(plan, site.Acquire);
                var acquire = site.Acquire;
                var waitAsync = site.WaitAsync;
                plan.Replace(site.Try, current => ToUsing((TryStatementSyntax)current, acquire, waitAsync));
            }

            return "Switch '" + mutex.Field.Name + "' to AsyncLock";
        }

        /// <summary>The try becomes the using's body (a try without its finally, when it has catches: they stay under the lock).</summary>
        private static StatementSyntax ToUsing(TryStatementSyntax current, ExpressionStatementSyntax acquire, InvocationExpressionSyntax waitAsync)
        {
            // `await f.WaitAsync(token)[.ConfigureAwait(..)]` with LockAsync in place of WaitAsync: the token and ConfigureAwait stay.
            var awaitExpression = (AwaitExpressionSyntax)acquire.Expression;
            var access = (MemberAccessExpressionSyntax)waitAsync.Expression;
            var resource = awaitExpression
                .ReplaceNode(access.Name, SyntaxFactory.IdentifierName("LockAsync").WithTriviaFrom(access.Name))
                .WithoutTrivia();
            var body = current.Catches.Count == 0
                ? current.Block
                : SyntaxFactory.Block(current.WithFinally(null).WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
            return AsyncLockConversion.UsingFromTry(current, body, acquire, resource);
        }
    }
}
