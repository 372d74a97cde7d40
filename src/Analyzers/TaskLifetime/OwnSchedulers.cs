namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, review29: DotNetty's 22 debatable findings): code built with a scheduler of its own. The
    /// compilation, or an assembly it references, declares a public, non-abstract <c>TaskScheduler</c> subclass: an event
    /// loop or an exclusive worker whose scheduler the code base publishes so that its own callbacks and its users' code
    /// run on it (DotNetty runs each event loop's body as a task on the loop's <c>ExecutorTaskScheduler</c>, so
    /// <c>TaskScheduler.Current</c> is the loop's scheduler in every handler). There a <c>ContinueWith</c> without a scheduler
    /// follows the loop's scheduler on purpose. An internal or private scheduler (a worker pool the code base keeps to
    /// itself: Quartz's queued scheduler, whose callers run on any scheduler) and an abstract base are not this class.
    /// Computed once per compilation, and only for a finding about to be reported. Option <see cref="ReportOption"/>
    /// reports these calls again.
    /// </summary>
    internal static class OwnSchedulers
    {
        /// <summary>.editorconfig key: `true` reports ambient-scheduler calls in code built with a public scheduler of its own.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0210.report_own_scheduler_code";

        /// <summary>Whether <paramref name="compilation"/> or one of its referenced assemblies declares a public, non-abstract TaskScheduler subclass.</summary>
        public static bool ShipsPublicScheduler(Compilation compilation, INamedTypeSymbol taskScheduler)
        {
            if (DeclaresPublicScheduler(compilation.Assembly, taskScheduler))
            {
                return true;
            }

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (!assembly.Is(taskScheduler.ContainingAssembly) && DeclaresPublicScheduler(assembly, taskScheduler))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DeclaresPublicScheduler(IAssemblySymbol assembly, INamedTypeSymbol taskScheduler)
        {
            // The spelling only narrows the search (a scheduler named otherwise stays reported); the base type decides.
            var named = false;
            foreach (var name in assembly.TypeNames)
            {
                if (name.EndsWith("Scheduler", StringComparison.Ordinal))
                {
                    named = true;
                    break;
                }
            }

            return named && InNamespace(assembly.GlobalNamespace, taskScheduler);
        }

        private static bool InNamespace(INamespaceSymbol ns, INamedTypeSymbol taskScheduler)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol inner ? InNamespace(inner, taskScheduler) : member is INamedTypeSymbol type && InType(type, taskScheduler))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InType(INamedTypeSymbol type, INamedTypeSymbol taskScheduler)
        {
            if (type.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Class && !type.IsAbstract && type.Name.EndsWith("Scheduler", StringComparison.Ordinal) && type.BaseType.InheritsOrImplements(taskScheduler))
            {
                return true;
            }

            foreach (var nested in type.GetTypeMembers())
            {
                if (InType(nested, taskScheduler))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
