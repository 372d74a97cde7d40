namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// For a candidate call of AG0102 (corpus9app class W1, issue 16): a data call whose async twin could only reach a
    /// provider that runs its asynchronous ADO.NET members synchronously by design. Microsoft.Data.Sqlite is such a
    /// provider: SQLite has no asynchronous I/O, the provider's `ExecuteReaderAsync`, `ExecuteNonQueryAsync`, `ReadAsync`,
    /// `CommitAsync` ... do the synchronous work and return a completed task, and its documentation asks callers not to use
    /// them. The suggested rewrite would block the same thread the same way.
    /// <para>
    /// Covered: (1) an instance member declared by the provider's connection, command, data reader or transaction class or
    /// by their ADO.NET base types, called on a receiver whose static type is, or derives from, one of them; (2)
    /// an extension method whose `this` parameter is an ADO.NET contract (IDbConnection, DbConnection, IDbCommand, DbCommand,
    /// IDataReader, DbDataReader, IDbTransaction, DbTransaction: Dapper's `Query`, `Execute`, ...), called in either form
    /// with such a receiver: its async twin can only reach the provider through that contract. Not covered, so still
    /// reported: a receiver whose static type is only the ADO.NET contract (the provider is not known), members a type of
    /// the user's own adds to a derived connection, extension methods typed on the provider's own classes (they may do other
    /// work), and streams the provider hands out (`SqliteBlob`, `GetStream`), whose base-class async forms do run off the thread.
    /// </para>
    /// Types are resolved through <see cref="AsyncTypes.TypeNamed"/> (once per compilation); a compilation that does not
    /// reference the provider answers false at the first lookup.
    /// </summary>
    internal static class SynchronousProviders
    {
        private static readonly string[] ProviderTypes =
        {
            "Microsoft.Data.Sqlite.SqliteConnection",
            "Microsoft.Data.Sqlite.SqliteCommand",
            "Microsoft.Data.Sqlite.SqliteDataReader",
            "Microsoft.Data.Sqlite.SqliteTransaction",
        };

        private static readonly string[] ContractTypes =
        {
            "System.Data.IDbConnection",
            "System.Data.Common.DbConnection",
            "System.Data.IDbCommand",
            "System.Data.Common.DbCommand",
            "System.Data.IDataReader",
            "System.Data.Common.DbDataReader",
            "System.Data.IDbTransaction",
            "System.Data.Common.DbTransaction",
        };

        /// <summary>The call's async twin would run on a provider whose async members are synchronous (see the type's remarks).</summary>
        public static bool IsProviderCall(IInvocationOperation operation, AsyncTypes types)
        {
            // Cheapest first: a compilation without the provider has nothing to find.
            if (types.TypeNamed(ProviderTypes[0]) is null)
            {
                return false;
            }

            var method = operation.TargetMethod;
            if (method.IsExtensionMethod || method.ReducedFrom != null)
            {
                // `con.Execute(..)` (reduced) or `SqlMapper.Execute(con, ..)`: the `this` parameter and its argument.
                var definition = method.ReducedFrom ?? method;
                return definition.Parameters.Length > 0
                    && IsContract(definition.Parameters[0].Type, types)
                    && ThisArgument(operation) is { } value
                    && ProviderTypeOf(Invocations.WithoutImplicitConversions(value).Type, types) != null;
            }

            if (method.IsStatic || Invocations.Receiver(operation) is not { } receiver
                || ProviderTypeOf(receiver.Type, types) is null)
            {
                return false;
            }

            // The member is declared by a provider class or an ADO.NET base, not by a derived class of the user's.
            var declaring = method.ContainingType?.OriginalDefinition;
            return declaring != null && (IsProviderType(declaring, types) || IsContract(declaring, types));
        }

        private static bool IsProviderType(INamedTypeSymbol type, AsyncTypes types)
        {
            foreach (var name in ProviderTypes)
            {
                if (types.TypeNamed(name) is { } provider && SymbolEqualityComparer.Default.Equals(type, provider))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value given to the extension's first (`this`) parameter, whatever the order the arguments are written in.</summary>
        private static IOperation? ThisArgument(IInvocationOperation operation)
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The provider type that <paramref name="type"/> is or derives from, or null.</summary>
        private static INamedTypeSymbol? ProviderTypeOf(ITypeSymbol? type, AsyncTypes types)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (t.TypeKind != TypeKind.Class)
                {
                    return null;
                }

                foreach (var name in ProviderTypes)
                {
                    if (types.TypeNamed(name) is { } provider && SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, provider))
                    {
                        return provider;
                    }
                }
            }

            return null;
        }

        private static bool IsContract(ITypeSymbol? type, AsyncTypes types)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            foreach (var name in ContractTypes)
            {
                if (types.TypeNamed(name) is { } contract && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, contract))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
