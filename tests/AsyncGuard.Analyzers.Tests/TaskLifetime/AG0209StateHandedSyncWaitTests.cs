using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eleventh pass (debmix): a completion source whose task its creator only waits on synchronously stays silent
/// when it is also handed on as an untyped state for a callback to complete (MailKit's ProxyClient.Send/Receive:
/// <c>args.UserToken = tcs;</c> then <c>tcs.Task.GetAwaiter().GetResult()</c>): no continuation of anyone's code exists to
/// run inline. Reported again with report_state_handed_sync_waits.
/// </summary>
public sealed class AG0209StateHandedSyncWaitTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Handed = """
        class Args { public object? UserToken { get; set; } public object? State; public event EventHandler<Args>? Completed; }

        static class Io
        {
            static void OnCompleted(object? sender, Args args) => ((TaskCompletionSource<bool>)args.UserToken!).TrySetResult(true);
            static void Start(Args args) { }

            public static void Send(CancellationToken token)
            {
                var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                using (token.Register(() => tcs.TrySetCanceled(), false))
                {
                    var args = new Args();
                    args.Completed += OnCompleted;
                    args.UserToken = tcs;
                    Start(args);
                    tcs.Task.GetAwaiter().GetResult();
                }
            }

            public static bool Initialized(CancellationToken token)
            {
                var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                var args = new Args { State = tcs };
                Start(args);
                return tcs.Task.Result;
            }

            public static void Queued(TimeSpan timeout)
            {
                var done = /*B*/new TaskCompletionSource()/*E*/;
                ThreadPool.QueueUserWorkItem(state => ((TaskCompletionSource)state!).TrySetResult(), done);
                done.Task.Wait(timeout);
            }
        }
        """;

    [Fact]
    public Task Silent_when_the_creator_only_waits_synchronously() =>
        VerifyAG0209.NoDiagnostics(Usings + Handed.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Handed.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + StateHandedSources.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    /// <summary>The nearest cases: the task is awaited, or the source goes to a typed slot, a static, a field's object, or a returned object.</summary>
    [Fact]
    public Task Reported_where_the_task_is_awaited_or_the_source_is_kept_typed() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Args { public object? UserToken { get; set; } public TaskCompletionSource<bool>? Typed { get; set; } }

            class C
            {
                static object? s_state;
                readonly Args _args = new();
                static void Start(Args args) { }

                // MailKit's SendAsync: awaited, completed by a registration (the creator resumes inside Cancel).
                public static async Task SendAsync(CancellationToken token)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    using (token.Register(() => tcs.TrySetCanceled(), false))
                    {
                        var args = new Args();
                        args.UserToken = tcs;
                        Start(args);
                        await tcs.Task.ConfigureAwait(false);
                    }
                }

                public static void TypedSlot()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    var args = new Args { Typed = tcs };
                    Start(args);
                    tcs.Task.Wait();
                }

                public static void StaticSlot()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    s_state = tcs;
                    tcs.Task.Wait();
                }

                public void FieldsObject()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _args.UserToken = tcs;
                    tcs.Task.Wait();
                }

                public static Args Returned()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    var args = new Args();
                    args.UserToken = tcs;
                    _ = tcs.Task.ContinueWith(_ => { });
                    return args;
                }
            }
            """ }.RunAsync();
}
