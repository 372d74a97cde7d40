using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// corpus12lib class W2 (issue 16, thirteenth pass; grpc-dotnet's HttpContentClientStreamWriter and RetryCallBase): a
/// completion source created with TaskCreationOptions.None written out. The argument says only "no options": inline
/// continuations are the author's decision. Each silence has its nearest reported case beside it. The sources below are
/// awaited by other code (a returned task, a field read elsewhere), so no other silence of AG0209 applies.
/// </summary>
public sealed class AG0209WrittenNoOptionsTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Options_written_as_none_are_silent() =>
        VerifyAG0209.NoDiagnostics(Usings + """
            public sealed class Writer
            {
                private readonly object _lock = new object();
                private TaskCompletionSource<bool> _complete;
                private TaskCompletionSource<string?>? _next;
                private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.None);

                public Writer(object state)
                {
                    // Awaiters are meant to run inside the completer's lock.
                    _complete = new TaskCompletionSource<bool>(TaskCreationOptions.None);
                    _next = new TaskCompletionSource<string?>(state, TaskCreationOptions.None);
                }

                public Task<bool> Completion => _complete.Task;
                public Task<int> Ready => _ready.Task;

                public void Advance(string value)
                {
                    lock (_lock)
                    {
                        _next?.SetResult(value);
                        _next = new TaskCompletionSource<string?>(options.None());
                        _complete.TrySetResult(true);
                    }
                }

                public Task<string?> NextAsync() => _next!.Task;

                public static TaskCompletionSource Plain() => new TaskCompletionSource((TaskCreationOptions)0);
                public static TaskCompletionSource<int> Defaulted() => new TaskCompletionSource<int>(default(TaskCreationOptions));
            }

            static class options { public static TaskCreationOptions None() => TaskCreationOptions.RunContinuationsAsynchronously; }
            """);

    [Fact]
    public Task Sources_without_a_written_none_are_reported() =>
        VerifyAG0209.Diagnostics(Usings + """
            public sealed class Writer
            {
                private TaskCompletionSource<bool> _complete = {|AG0209:new TaskCompletionSource<bool>()|};
                private TaskCompletionSource<int> _withState = {|AG0209:new TaskCompletionSource<int>((object)"state")|};
                private TaskCompletionSource _flags = {|AG0209:new TaskCompletionSource(TaskCreationOptions.None | TaskCreationOptions.AttachedToParent)|};
                private TaskCompletionSource<string> _long = {|AG0209:new TaskCompletionSource<string>(TaskCreationOptions.LongRunning)|};

                public Task<bool> Completion => _complete.Task;
                public Task<int> WithState => _withState.Task;
                public Task Flags => _flags.Task;
                public Task<string> Long => _long.Task;

                // A helper's default parameter value is not written at the creation; the helper passes a variable.
                public static TaskCompletionSource<T> Create<T>(TaskCreationOptions options = TaskCreationOptions.None) => new TaskCompletionSource<T>(options);
                public static Task<int> Made() => Create<int>().Task;
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
        public sealed class Writer
        {
            private TaskCompletionSource<bool> _a = new TaskCompletionSource<bool>(TaskCreationOptions.None, );
            private TaskCompletionSource<bool> _b = new TaskCompletionSource<bool>(Missing.None);
            private TaskCompletionSource<bool> _c = new TaskCompletionSource<bool>(TaskCreationOptions.Nothing);
            public Task<bool> A => _a.Task;
            public Task<bool> B => _b.Task;
            public Task<bool> C => _c.Task;
        }
        """);
}
