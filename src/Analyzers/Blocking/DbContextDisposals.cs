namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's synchronous disposal of an Entity Framework Core context (issue 16, seventeenth pass, ef9; sync-preferred, reported
    /// with <c>report_sync_preferred</c>): a <c>using</c> whose every resource is typed as a class derived from
    /// <c>Microsoft.EntityFrameworkCore.DbContext</c> (resolved by metadata name, through the compilation's cached lookup).
    /// EF Core opens the context's connection around each query or save and closes it when the operation ends, so a context
    /// that never had its connection opened nor a transaction begun by its user holds only client-side state: its
    /// <c>DisposeAsync</c> does no I/O, and <c>Dispose</c> runs the same work.
    /// Still reported: a context local on which the function opens the connection (<c>db.Database.OpenConnection[Async]()</c>,
    /// <c>db.Database.GetDbConnection().Open[Async]()</c>) or begins, uses or enlists a transaction (<c>BeginTransaction[Async]</c>,
    /// <c>UseTransaction[Async]</c>, <c>EnlistTransaction</c>), found by walking each reference of the local up through member
    /// accesses, calls and locals initialised from them (IOperation, not text); a facade or connection of the context handed to
    /// anything else (an argument, a return, a store); an existing context that is not a local of the function (a parameter, a
    /// field: its connection may be open already); a context type that overrides <c>DisposeAsync</c> below <c>DbContext</c>;
    /// any resource that is not such a context (a connection, a stream, a type named DbContext in another namespace).
    /// Missed by design: a context handed to a helper that opens its connection.
    /// </summary>
    internal static class DbContextDisposals
    {
        /// <summary>How many locals a chain from the context may pass through (`var conn = db.Database.GetDbConnection();`).</summary>
        private const int MaxLocalHops = 2;

        /// <summary>For a candidate only: the `using` of contexts whose connection the function never opens.</summary>
        public static bool IsQuietUsing(IOperation operation, AsyncTypes types, CancellationToken cancellationToken)
        {
            var resources = UsingResources.Of(operation);
            if (resources is null)
            {
                return false;
            }

            // Syntax and types first: no semantic query unless every resource is a context.
            var contexts = new List<ILocalSymbol>();
            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol is not { } local || !IsPlainContext(local.Type, types))
                        {
                            return false;
                        }

                        contexts.Add(local);
                    }
                }
            }
            else
            {
                var value = Invocations.WithoutImplicitConversions(resources);
                if (!IsPlainContext(value.Type, types))
                {
                    return false;
                }

                switch (value)
                {
                    case ILocalReferenceOperation reference:
                        contexts.Add(reference.Local);
                        break;
                    case IInvocationOperation or IObjectCreationOperation:
                        break;
                    default:
                        // A parameter, a field, a property: its connection may have been opened before.
                        return false;
                }
            }

            if (contexts.Count == 0)
            {
                return true;
            }

            if (operation.SemanticModel is not { } model || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            foreach (var context in contexts)
            {
                // `using (db)` of a local an enclosing function declared: its other uses lie outside this function.
                if (context.DeclaringSyntaxReferences is not { Length: 1 } declared
                    || EnclosingFunction.Find(declared[0].GetSyntax(cancellationToken)) != function
                    || !LocalReferences.All(context, function, model, cancellationToken, r => !OpensConnection(r, function, model, types, MaxLocalHops, cancellationToken)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A class derived from EF Core's DbContext that adds no DisposeAsync of its own.</summary>
        private static bool IsPlainContext(ITypeSymbol? type, AsyncTypes types)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || types.TypeNamed("Microsoft.EntityFrameworkCore.DbContext") is not { } dbContext)
            {
                return false;
            }

            for (var t = named; t != null; t = t.BaseType)
            {
                if (t.Is(dbContext))
                {
                    return true;
                }

                foreach (var member in t.GetMembers("DisposeAsync"))
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0 })
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the chain above this reference (member accesses, calls, conversions; a local it initialises) opens the
        /// context's connection or begins a transaction on it, or hands its facade or connection to anything else.
        /// </summary>
        private static bool OpensConnection(IOperation start, SyntaxNode function, SemanticModel model, AsyncTypes types, int hops, CancellationToken cancellationToken)
        {
            var current = start;
            // The value's type before any conversion (`Keep(db.Database.GetDbConnection())` hands over a connection as an object).
            var type = start.Type;
            while (true)
            {
                var parent = current.Parent;
                if (parent is IConversionOperation or IParenthesizedOperation)
                {
                    current = parent;
                    continue;
                }

                switch (parent)
                {
                    case IPropertyReferenceOperation property when property.Instance == current:
                    case IFieldReferenceOperation field when field.Instance == current:
                        current = parent;
                        type = parent.Type;
                        continue;
                    case IConditionalAccessOperation conditional when conditional.Operation == current:
                        // `db?.Database.OpenConnection()`: the chain continues in the conditional access's WhenNotNull.
                        return ConditionalOpens(conditional, types);
                    case IInvocationOperation invocation when invocation.Instance == current:
                        if (IsOpening(invocation, types))
                        {
                            return true;
                        }

                        current = parent;
                        type = parent.Type;
                        continue;
                    case IArgumentOperation argument when argument.Parent is IInvocationOperation call:
                        if (Invocations.IsReducedExtensionCall(call) && call.Arguments[0] == argument)
                        {
                            if (IsOpening(call, types))
                            {
                                return true;
                            }

                            current = call;
                            type = call.Type;
                            continue;
                        }

                        // Handed to another call: the context itself may go (a helper that only queries it), not its facade or connection.
                        return IsConnectionHandle(type, types);
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                        // A facade or connection kept in a local: its own references are followed (a query's result is not).
                        return IsConnectionHandle(type, types)
                            && (hops == 0
                                || !LocalReferences.All(local, function, model, cancellationToken, r => !OpensConnection(r, function, model, types, hops - 1, cancellationToken)));
                    default:
                        // The end of the chain: a facade or connection stored, returned or handed over may be opened elsewhere.
                        return parent is not (null or IExpressionStatementOperation) && IsConnectionHandle(type, types);
                }
            }
        }

        private static bool ConditionalOpens(IConditionalAccessOperation conditional, AsyncTypes types)
        {
            foreach (var descendant in conditional.WhenNotNull.DescendantsAndSelf())
            {
                if (descendant is IInvocationOperation invocation && IsOpening(invocation, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An opening call: on the context's DatabaseFacade or on an ADO.NET connection, decided by the receiver's type.</summary>
        private static bool IsOpening(IInvocationOperation invocation, AsyncTypes types)
        {
            var name = invocation.TargetMethod.Name;
            if (name is not ("OpenConnection" or "OpenConnectionAsync" or "Open" or "OpenAsync" or "BeginTransaction" or "BeginTransactionAsync"
                or "UseTransaction" or "UseTransactionAsync" or "EnlistTransaction"))
            {
                return false;
            }

            return IsConnectionHandle(Invocations.Receiver(invocation)?.Type, types);
        }

        /// <summary>The context's DatabaseFacade or an ADO.NET connection: what can open the connection or begin a transaction.</summary>
        private static bool IsConnectionHandle(ITypeSymbol? type, AsyncTypes types) =>
            type.InheritsOrImplements(types.TypeNamed("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade"))
            || type.InheritsOrImplements(types.TypeNamed("System.Data.Common.DbConnection"))
            || type.InheritsOrImplements(types.TypeNamed("System.Data.IDbConnection"));
    }
}
