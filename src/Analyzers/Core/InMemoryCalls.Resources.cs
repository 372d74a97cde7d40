namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0102's in-memory values, corpus8lib class W1 (issue 16, tenth pass): the stream of an embedded resource.
    /// <c>Assembly.GetManifestResourceStream(..)</c> on a value typed <c>System.Reflection.Assembly</c> (<c>typeof(T).Assembly</c>,
    /// <c>Assembly.GetExecutingAssembly()</c>) hands back an <c>UnmanagedMemoryStream</c> over the resource section of the
    /// image the runtime has already mapped: reading it, copying it and disposing it never wait on a device, so the async
    /// forms gain nothing. A receiver whose static type is a subclass (which may override the method) stays reported, and
    /// so does everything the stream is copied into unless that is memory too.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        private INamedTypeSymbol? _assembly;

        /// <summary><c>assembly.GetManifestResourceStream(..)</c>, bound to <c>System.Reflection.Assembly</c>'s own member on a receiver of that exact static type.</summary>
        private bool IsManifestResourceStream(IInvocationOperation call)
        {
            if (call.TargetMethod is not { Name: "GetManifestResourceStream", IsStatic: false } method || call.Instance is not { } instance)
            {
                return false;
            }

            _assembly ??= _types.TypeNamed("System.Reflection.Assembly");
            return _assembly != null
                && method.ContainingType.Is(_assembly)
                && Invocations.WithoutImplicitConversions(instance).Type.Is(_assembly);
        }
    }
}
