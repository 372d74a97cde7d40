namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// APIs and conventions recognised by name, where no type of the compilation decides: the Async suffix, the test
    /// frameworks (attributes, assertions, assemblies) and the event-handler shape. One table, so that every rule reads
    /// the same names.
    /// </summary>
    internal static class WellKnownApis
    {
        /// <summary>The suffix of a method that returns an awaitable (the Task-based Asynchronous Pattern).</summary>
        public const string AsyncSuffix = "Async";

        /// <summary>Test-method attributes of xUnit (and Xunit.SkippableFact), NUnit and MSTest, without the Attribute suffix.</summary>
        private static readonly HashSet<string> TestMethodAttributes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Fact", "Theory", "SkippableFact", "SkippableTheory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod",
        };

        /// <summary>Assemblies (name prefixes, any case) whose reference makes a project a test project.</summary>
        private static readonly string[] TestFrameworkAssemblyPrefixes =
        {
            "xunit.core", "xunit.v3.core", "xunit.assert", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework",
        };

        /// <summary>Namespaces (and their sub-namespaces) of the test frameworks' assertion classes.</summary>
        private static readonly string[] TestFrameworkNamespaces = { "Xunit", "NUnit", "Microsoft.VisualStudio.TestTools" };

        /// <summary>Whether <paramref name="name"/> ends with the Async suffix (ordinal).</summary>
        public static bool HasAsyncSuffix(string name) => name.EndsWith(AsyncSuffix, StringComparison.Ordinal);

        /// <summary>Marked as a test by one of the test frameworks' test-method attributes.</summary>
        public static bool IsTestMethod(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                var name = attribute.AttributeClass?.Name;
                if (name is null)
                {
                    continue;
                }

                if (name.EndsWith("Attribute", StringComparison.Ordinal))
                {
                    name = name.Substring(0, name.Length - "Attribute".Length);
                }

                if (TestMethodAttributes.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A referenced assembly of a test framework (xUnit, NUnit, MSTest).</summary>
        public static bool IsTestFrameworkAssembly(AssemblyIdentity assembly)
        {
            foreach (var prefix in TestFrameworkAssemblyPrefixes)
            {
                if (assembly.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An assertion class of a test framework: Assert, ClassicAssert, CollectionAssert, StringAssert or Assume in its namespace.</summary>
        public static bool IsTestAssertion(INamedTypeSymbol type)
        {
            if (type.Name is not ("Assert" or "ClassicAssert" or "CollectionAssert" or "StringAssert" or "Assume"))
            {
                return false;
            }

            foreach (var ns in TestFrameworkNamespaces)
            {
                if (type.ContainingNamespace.IsWithinNamespace(ns))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>System.EventArgs or a class derived from it (by name, so no compilation is needed).</summary>
        public static bool IsEventArgs(ITypeSymbol? type) => IsOrDerivesFromSystemType(type, "EventArgs");

        /// <summary>The class System.<paramref name="name"/> or a class derived from it (by name, so no compilation is needed).</summary>
        public static bool IsOrDerivesFromSystemType(ITypeSymbol? type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == name && t.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The event-handler shape <c>(object sender, EventArgs-derived e)</c>; with <paramref name="anySender"/> the sender may be
        /// of any type (<c>(Button sender, RoutedEventArgs e)</c>) and the args a type parameter constrained to EventArgs.
        /// </summary>
        public static bool HasEventHandlerShape(IMethodSymbol method, bool anySender = false)
        {
            if (method.Parameters.Length != 2)
            {
                return false;
            }

            if (!anySender)
            {
                return method.Parameters[0].Type.SpecialType == SpecialType.System_Object && IsEventArgs(method.Parameters[1].Type);
            }

            if (method.Parameters[1].Type is ITypeParameterSymbol typeParameter)
            {
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    if (IsEventArgs(constraint))
                    {
                        return true;
                    }
                }

                return false;
            }

            return IsEventArgs(method.Parameters[1].Type);
        }
    }
}
