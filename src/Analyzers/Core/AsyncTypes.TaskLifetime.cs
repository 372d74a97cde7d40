namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbols of the task-lifetime rules (AG02xx), resolved on first use (a benign race: still once per compilation).</summary>
    internal sealed partial class AsyncTypes
    {
        private INamedTypeSymbol? _eventArgs;
        private INamedTypeSymbol? _disposableInterface;
        private INamedTypeSymbol? _taskCompletionSource;
        private INamedTypeSymbol? _taskCompletionSourceOfT;
        private INamedTypeSymbol? _taskCreationOptions;
        private INamedTypeSymbol? _taskContinuationOptions;
        private INamedTypeSymbol? _taskScheduler;
        private INamedTypeSymbol? _taskFactory;
        private INamedTypeSymbol? _taskFactoryOfT;
        private INamedTypeSymbol? _parallel;
        private INamedTypeSymbol? _listOfT;

        public INamedTypeSymbol? EventArgs => _eventArgs ??= TypeNamed("System.EventArgs");

        public INamedTypeSymbol? DisposableInterface => _disposableInterface ??= TypeNamed("System.IDisposable");

        public INamedTypeSymbol? TaskCompletionSource => _taskCompletionSource ??= TypeNamed("System.Threading.Tasks.TaskCompletionSource");

        public INamedTypeSymbol? TaskCompletionSourceOfT => _taskCompletionSourceOfT ??= TypeNamed("System.Threading.Tasks.TaskCompletionSource`1");

        public INamedTypeSymbol? TaskCreationOptions => _taskCreationOptions ??= TypeNamed("System.Threading.Tasks.TaskCreationOptions");

        public INamedTypeSymbol? TaskContinuationOptions => _taskContinuationOptions ??= TypeNamed("System.Threading.Tasks.TaskContinuationOptions");

        public INamedTypeSymbol? TaskScheduler => _taskScheduler ??= TypeNamed("System.Threading.Tasks.TaskScheduler");

        public INamedTypeSymbol? TaskFactory => _taskFactory ??= TypeNamed("System.Threading.Tasks.TaskFactory");

        public INamedTypeSymbol? TaskFactoryOfT => _taskFactoryOfT ??= TypeNamed("System.Threading.Tasks.TaskFactory`1");

        public INamedTypeSymbol? Parallel => _parallel ??= TypeNamed("System.Threading.Tasks.Parallel");

        public INamedTypeSymbol? ListOfT => _listOfT ??= TypeNamed("System.Collections.Generic.List`1");

        public bool IsTaskCompletionSource(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && (named.Is(TaskCompletionSource) || named.OriginalDefinition.Is(TaskCompletionSourceOfT));

        /// <summary>TaskFactory or TaskFactory&lt;T&gt;.</summary>
        public bool IsTaskFactory(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && (named.Is(TaskFactory) || named.OriginalDefinition.Is(TaskFactoryOfT));

        /// <summary>The T of Task&lt;T&gt; / ValueTask&lt;T&gt; (or of a Task&lt;T&gt; subclass); null for the non-generic forms.</summary>
        public ITypeSymbol? ResultTypeOf(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (IsTaskOfT(t) || IsValueTaskOfT(t))
                {
                    return t.TypeArguments[0];
                }
            }

            return null;
        }
    }
}
