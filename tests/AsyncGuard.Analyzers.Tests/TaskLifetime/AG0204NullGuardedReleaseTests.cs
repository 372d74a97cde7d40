using System.Threading.Tasks;
using Xunit;
using VerifyAG0204 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0204TaskEscapesScopeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0204, fifteenth pass (held-out DotNetty): a finally whose releases stand under a null test of a local that is still
/// null on the way to the return gives back nothing of the returned task.
/// </summary>
public sealed class AG0204NullGuardedReleaseTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Members = """
            static Task CopyAsync(Stream s) => Task.CompletedTask;
            static Task WriteAsync(Stream s, object item) => Task.CompletedTask;
            static bool Accept(object item) => item is string;
            static List<object> Rent() => new List<object>();
            static void Give(List<object> list) { }
            List<object> _pooled;
        """;

    [Fact]
    public Task Silent_when_the_guarded_local_is_still_null_on_the_returning_path() =>
        VerifyAG0204.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                // The encoder shape: the pass-through branch returns before the list is made; the finally writes and gives back only a made list.
                Task PassThrough(Stream s, object item)
                {
                    Task result;
                    List<object> output = null;
                    try
                    {
                        if (Accept(item))
                        {
                            output = Rent();
                            output.Add(item);
                        }
                        else
                        {
                            return WriteAsync(s, item);
                        }
                    }
                    finally
                    {
                        if (output != null)
                        {
                            result = WriteAsync(s, output[0]);
                            s.Flush();
                            Give(output);
                        }
                        else
                        {
                            result = null;
                        }
                    }

                    return result;
                }

                Task IsNotNullPattern(Stream s)
                {
                    Stream copy = null;
                    try
                    {
                        return CopyAsync(s);
                    }
                    finally
                    {
                        if (copy is not null && s.CanRead)
                            s.Dispose();
                    }
                }

                Task ElseOfANullTest(Stream s)
                {
                    Stream copy = default;
                    try
                    {
                        return CopyAsync(s);
                    }
                    finally
                    {
                        if (copy == null) { }
                        else { s.Dispose(); copy.Dispose(); }
                    }
                }

                Task NullConditionalRelease(Stream s)
                {
                    Stream copy = new MemoryStream();
                    try
                    {
                        copy = null;
                        return CopyAsync(copy);
                    }
                    finally
                    {
                        copy?.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task Still_reports_when_the_local_may_hold_a_value_at_the_return() =>
        VerifyAG0204.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                Task MadeBeforeTheReturn(Stream s)
                {
                    List<object> output = null;
                    try
                    {
                        output = Rent();
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }
                }

                Task MadeInABranchBefore(Stream s, bool flag)
                {
                    List<object> output = null;
                    try
                    {
                        if (flag) output = Rent();
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }
                }

                Task MadeInALoopAround(Stream s, int n)
                {
                    List<object> output = null;
                    try
                    {
                        for (var i = 0; i < n; i++)
                        {
                            if (i > 2) return {|AG0204:CopyAsync(s)|};
                            output = Rent();
                        }

                        return Task.CompletedTask;
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }
                }

                Task MadeInTheFinally(Stream s)
                {
                    List<object> output = null;
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        output = Rent();
                        if (output != null) s.Dispose();
                    }
                }

                Task MadeByALambda(Stream s)
                {
                    List<object> output = null;
                    Action make = () => output = Rent();
                    make();
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }
                }

                Task AFieldGuard(Stream s)
                {
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (_pooled != null) s.Dispose();
                    }
                }

                Task NoValueDeclared(Stream s)
                {
                    List<object> output;
                    output = Rent();
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }
                }

                Task TheReleaseIsNotUnderTheTest(Stream s)
                {
                    List<object> output = null;
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) Give(output);
                        s.Dispose();
                    }
                }

                Task CaughtAfterAWrite(Stream s)
                {
                    List<object> output = null;
                    try
                    {
                        output = Rent();
                        s.Flush();
                    }
                    catch (IOException)
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != null) s.Dispose();
                    }

                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task Half_typed_code_neither_crashes_nor_silences() =>
        VerifyAG0204.DiagnosticsInBrokenCode(Usings + $$"""
            class C
            {
            {{Members}}
                Task UnboundGuard(Stream s)
                {
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (missing != null) s.Dispose();
                    }
                }

                Task UnfinishedCondition(Stream s)
                {
                    List<object> output = null;
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (output != ) s.Dispose();
                    }
                }
            }
            """);
}
