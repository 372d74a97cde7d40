namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams' disposals of a stream the function was given and only reads (issue 16, fourteenth pass, deb16; reported
    /// with <c>dotnet_diagnostic.AG0102.report_given_read_streams = true</c>): <c>using (s)</c> of an existing variable,
    /// <c>s.Dispose()</c> / <c>s.Close()</c>, or the same on <c>v.P</c> (a property of a local or parameter), where the
    /// variable (or the property) is typed exactly <see cref="System.IO.Stream"/>, so the function does not show what runs
    /// behind it, and every other use of it in the scope that declares it reads it through <c>Stream</c>'s own read members,
    /// hands it to a reader or to a method of the compilation that only reads it (the rules of <see cref="ReadStreams"/>), or
    /// compares it with null, at least once. Nothing in the function writes through it; and a read after a caller's
    /// writes makes the buffered streams of the .NET libraries flush their write buffer first (<c>FileStream</c>,
    /// <c>BufferedStream</c>), while write-only transforms (a compressor, an encryptor in write mode) cannot be read at all.
    /// So the disposal has nothing of the function's to flush: it closes a handle or a connection, as its async form would.
    /// Not decided (reported): a variable of a more specific type (<c>FileStream</c>, a stream type of the compilation: the
    /// function then shows the type), a write, a flush, a seek or a <c>Position</c> set, any hand-over other than the reads
    /// above, a reassignment, a <c>ref</c> variable, a parameter of a primary constructor or accessor, a stream never read.
    /// Missed by design (the option reports it): a stream whose disposal does protocol I/O of its own even when only read (a
    /// remote file handle closed with a round trip), which only the run-time type shows.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        /// <summary>The .editorconfig key that reports disposals of streams the function was given and only reads.</summary>
        public const string ReportGivenReadStreamsOption = "dotnet_diagnostic.AG0102.report_given_read_streams";

        public static bool ReportsGiven(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportGivenReadStreamsOption);

        /// <summary>`using (s)` of a variable typed <c>Stream</c> that its scope only reads.</summary>
        public bool IsGivenReadOnlyUsing(IOperation operation, CancellationToken cancellationToken)
        {
            if (UsingResources.Of(operation) is not { } resource)
            {
                return false;
            }

            if (resource is IVariableDeclarationGroupOperation group)
            {
                return IsAwaitedGivenReadOnly(group, cancellationToken); // `using (var s = await given)`: ReadStreams.AwaitedGiven.cs
            }

            return IsGivenReadOnly(Invocations.WithoutImplicitConversions(resource), cancellationToken);
        }

        /// <summary>`s.Dispose()` / `s.Close()` (or on `v.P`) of a stream typed <c>Stream</c> that its scope only reads.</summary>
        public bool IsGivenReadOnlyDisposal(IInvocationOperation call, CancellationToken cancellationToken)
        {
            _stream ??= _types.TypeNamed("System.IO.Stream");
            if (_stream is null || !IsStreamDisposal(call) || call.Instance is not { } instance)
            {
                return false;
            }

            if (instance is IConditionalAccessInstanceOperation)
            {
                // `s?.Dispose()`: the receiver is the conditional access's operand.
                for (var current = call.Parent; current != null; current = current.Parent)
                {
                    if (current is IConditionalAccessOperation conditional)
                    {
                        instance = conditional.Operation;
                        break;
                    }
                }
            }

            return IsGivenReadOnly(Invocations.WithoutImplicitConversions(instance), cancellationToken);
        }

        private bool IsStreamDisposal(IInvocationOperation call)
        {
            if (call.Arguments.Length != 0 || call.TargetMethod.Name is not ("Dispose" or "Close"))
            {
                return false;
            }

            var method = call.TargetMethod;
            while (method.OverriddenMethod is { } overridden)
            {
                method = overridden;
            }

            return method.ContainingType.Is(_stream);
        }

        private bool IsGivenReadOnly(IOperation disposed, CancellationToken cancellationToken)
        {
            // A benign race: every thread stores the same symbol.
            _stream ??= _types.TypeNamed("System.IO.Stream");
            _streamReader ??= _types.TypeNamed("System.IO.StreamReader");
            _binaryReader ??= _types.TypeNamed("System.IO.BinaryReader");
            if (_stream is null || disposed.SemanticModel is not { } model)
            {
                return false;
            }

            switch (disposed)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    var variable = Variable(disposed);
                    return variable is not null && VariableType(variable).Is(_stream)
                        && DeclaringScope(variable, cancellationToken) is { } scope && scope.SyntaxTree == model.SyntaxTree
                        && scope.Span.Contains(disposed.Syntax.Span)
                        && OnlyRead(variable, scope, model, 0, cancellationToken, disposalsNeutral: true);
                case IPropertyReferenceOperation { Property: { } property, Instance: { } holderReference } when property.Type.Is(_stream)
                        && property.Parameters.Length == 0:
                    var holder = Variable(holderReference);
                    return holder is not null
                        && DeclaringScope(holder, cancellationToken) is { } holderScope && holderScope.SyntaxTree == model.SyntaxTree
                        && holderScope.Span.Contains(disposed.Syntax.Span)
                        && OnlyRead(holder, holderScope, model, 0, cancellationToken, disposalsNeutral: true, through: property);
                default:
                    return false;
            }
        }

        private static ISymbol? Variable(IOperation reference) => reference switch
        {
            ILocalReferenceOperation { Local: { IsRef: false } local } => local,
            IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } => parameter,
            _ => null,
        };

        private static ITypeSymbol? VariableType(ISymbol variable) => variable switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        /// <summary>The function whose body declares the local, or the method, local function or lambda the parameter is of.</summary>
        private static SyntaxNode? DeclaringScope(ISymbol variable, CancellationToken cancellationToken)
        {
            switch (variable)
            {
                case ILocalSymbol local when local.DeclaringSyntaxReferences.Length == 1:
                    return EnclosingFunction.Find(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) is { } function
                        && function is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax ? function : null;
                case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.Constructor } method }
                        when method.DeclaringSyntaxReferences.Length == 1:
                    var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    return syntax is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax ? syntax : null;
                default:
                    return null;
            }
        }
    }
}
