using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, corpus7lib (MailKit W1): a lambda without `async` that a synchronous method sets as a dual engine's handler
/// (its delegate returns a task and takes a sync/async selector the lambda never reads) is the sync path's code, not an
/// async function when the method that makes it has an async twin (`M` beside `MAsync`). The same lambda made in async
/// code, by a constructor or a sync method without a twin, an async lambda, a lambda without a selector, and one that reads
/// its selector outside a guard are still reported.
/// </summary>
public sealed class AG0102SyncSideHandlerTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Engine = """
        public delegate Task ContinuationHandler(Stream stream, string text, bool doAsync);
        public delegate ValueTask StepHandler(Stream stream, IOBehavior io);
        public enum IOBehavior { Synchronous, Asynchronous }

        public sealed class Command
        {
            public ContinuationHandler? OnContinue { get; set; }
            public StepHandler? OnStep { get; set; }
        }

        """;

    [Fact]
    public Task Handler_made_by_the_sync_method_that_ignores_its_selector_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Engine + """
            public abstract class Service
            {
                public abstract Task StepAsync(Command ic);
            }

            public sealed partial class Client : Service
            {
                public Task AuthenticateAsync(Command ic) => Task.CompletedTask;
                public Task NestedAsync(Command ic) => Task.CompletedTask;
                public override Task StepAsync(Command ic) => Task.CompletedTask;
            }

            public sealed partial class Client
            {
                private readonly byte[] _buffer = new byte[1];

                public void Authenticate(Command ic)
                {
                    ic.OnContinue = (stream, text, xdoAsync) =>
                    {
                        stream.Write(_buffer, 0, _buffer.Length);
                        stream.Flush();
                        return Task.CompletedTask;
                    };
                }

                public void Step(Command ic)
                {
                    ic.OnStep = (stream, _) =>
                    {
                        stream.Flush();
                        return default;
                    };
                }

                public void Nested(Command ic)
                {
                    Action setUp = () => ic.OnContinue = (s, t, a) => { s.Flush(); return Task.CompletedTask; };
                    setUp();
                }
            }
            """);

    [Fact]
    public Task Handlers_of_async_code_or_without_a_selector_are_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + Engine + """
            public sealed class Client
            {
                private readonly byte[] _buffer = new byte[1];

                public async Task AuthenticateAsync(Command ic)
                {
                    ic.OnContinue = (stream, text, xdoAsync) =>
                    {
                        {|AG0102:stream.Write(_buffer, 0, _buffer.Length)|};
                        return Task.CompletedTask;
                    };
                    await Task.Yield();
                }

                public Task QueueAsync(Command ic)
                {
                    ic.OnContinue = (stream, text, xdoAsync) => { {|AG0102:stream.Flush()|}; return Task.CompletedTask; };
                    return Task.CompletedTask;
                }

                public Task AsyncLambdaAsync(Command ic) => Task.CompletedTask;
                public Task NoSelectorAsync(Func<Stream, Task>[] handlers) => Task.CompletedTask;
                public Task ReadsSelectorAsync(Command ic, Action<bool> log) => Task.CompletedTask;

                public void AsyncLambda(Command ic)
                {
                    ic.OnContinue = async (stream, text, doAsync) =>
                    {
                        {|AG0102:stream.Flush()|};
                        await Task.Yield();
                    };
                }

                public void NoSelector(Func<Stream, Task>[] handlers)
                {
                    handlers[0] = stream => { {|AG0102:stream.Flush()|}; return Task.CompletedTask; };
                }

                public Client() { }

                public Client(Command ic)
                {
                    ic.OnContinue = (stream, text, doAsync) => { {|AG0102:stream.Flush()|}; return Task.CompletedTask; };
                }

                public void Configure(Command ic)
                {
                    ic.OnContinue = (stream, text, doAsync) => { {|AG0102:stream.Flush()|}; return Task.CompletedTask; };
                }

                public void ReadsSelector(Command ic, Action<bool> log)
                {
                    ic.OnContinue = (stream, text, doAsync) =>
                    {
                        log(doAsync);
                        {|AG0102:stream.Flush()|};
                        return Task.CompletedTask;
                    };
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Engine + """
        public sealed class Client
        {
            public Task AuthenticateAsync(Command ic) => Task.CompletedTask;

            public void Authenticate(Command ic)
            {
                ic.OnContinue = (stream, text) => { stream.Flush(); return Task.CompletedTask; };
                ic.OnContinue = (stream, text, doAsync, extra) => { stream.Flush(); return Task.CompletedTask; };
                ic.Missing = (stream, text, doAsync) => { stream.Flush(); return Task.CompletedTask; };
                ic.OnContinue = (stream, text, doAsync) => { stream.Flush(; return
            }
        }
        """);
}
