using AsyncGuard.CodeFixes.Primitives;
using Microsoft.CodeAnalysis;
using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

public sealed class AG0401ReleaseInFinallyTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly AsyncGuard.AsyncSemaphore _permits = new AsyncGuard.AsyncSemaphore(2);
            private int _count;
            static void Work() { }
            static Task WorkAsync() => Task.CompletedTask;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task M(CancellationToken ct) { {|AG0401:_gate.WaitAsync(ct)|}; await Task.Yield(); _count++; _gate.Release(); }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}.ConfigureAwait(false); Work(); _gate.Release(); }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; Work(); _gate.Release(); }")]
    [InlineData("void M(CancellationToken ct) { {|AG0401:this._gate.Wait(ct)|}; Work(); _gate.Release(); }")]
    [InlineData("async Task M(AsyncGuard.AsyncSemaphore p) { await {|AG0401:p.WaitAsync()|}; Work(); p.Release(); }")]
    [InlineData("async Task M(bool async) { if (async) await {|AG0401:_gate.WaitAsync()|}; else {|AG0401:_gate.Wait()|}; Work(); _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; try { Work(); } catch (InvalidOperationException) { } _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; try { Work(); } catch (Exception) { throw; } _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; Work(); _gate.Release(); _ = Task.Run(() => Work()); }")]
    [InlineData("async Task M(SemaphoreSlim s) { await {|AG0401:s.WaitAsync()|}; if (_count > 0) { s.Release(); return; } s.Release(); }")]
    [InlineData("Func<Task> M() => async () => { await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); };")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Work(); try { Work(); } finally { Work(); } _gate.Release(); }")]
    public Task Reports_an_unprotected_release(string member)
    {
        member = member.Replace("{|AG0401:_gate.WaitAsync(ct)|};", "await {|AG0401:_gate.WaitAsync(ct)|};");
        return VerifyAG0401.Diagnostics(InClass(member));
    }

    [Fact]
    public Task Reports_an_acquisition_inside_the_try() => VerifyAG0401.Diagnostics(InClass("""
            async Task M(CancellationToken ct)
            {
                try
                {
                    await {|AG0401:_gate.WaitAsync(ct)|};
                    Work();
                }
                finally
                {
                    _gate.Release();
                }
            }
        """));

    [Theory]
    [InlineData("async Task M() { await _gate.WaitAsync(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await _gate.WaitAsync().ConfigureAwait(false); try { await WorkAsync(); } finally { if (_count >= 0) _gate.Release(); } }")]
    [InlineData("void M() { _gate.Wait(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await _gate.WaitAsync(); _ = Task.Run(() => { try { Work(); } finally { _gate.Release(); } }); }")]
    [InlineData("async Task M() { await _gate.WaitAsync(); }")]
    [InlineData("async Task M() { if (!await _gate.WaitAsync(10)) return; Work(); _gate.Release(); }")]
    [InlineData("void M() { if (_gate.Wait(10)) { Work(); _gate.Release(); } }")]
    [InlineData("async Task M(SemaphoreSlim other) { await _gate.WaitAsync(); try { other.Release(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(Task t) { await t.WaitAsync(TimeSpan.FromSeconds(1)); Work(); }")]
    public Task Stays_silent(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { await _permits.WaitAsync(); Work(); _permits.Release(); }")]
    [InlineData("async Task M() { await _throttle.WaitAsync(); Work(); _throttle.Release(); }")]
    [InlineData("async Task M() { await _computed.WaitAsync(); Work(); _computed.Release(); }")]
    [InlineData("async Task M() { await _handedOff.WaitAsync(); if (_count > 0) { _handedOff.Release(); return; } Start(); }")]
    [InlineData("async Task M() { await _gate.WaitAsync(); try { _ = WorkAsync().ContinueWith(_ => _gate.Release()); } catch { _gate.Release(); throw; } }")]
    [InlineData("async Task M(bool async) { if (async) await _gate.WaitAsync(); else _gate.Wait(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(bool async) { if (async) { await _gate.WaitAsync(); } else { _gate.Wait(); } try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(bool useLock) { if (useLock) { _gate.Wait(); } try { Work(); } finally { if (useLock) _gate.Release(); } }")]
    [InlineData("async Task M(CancellationToken ct) { try { await _gate.WaitAsync(ct); } catch { return; } try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await _gate.WaitAsync(); _gate.Release(); Work(); }")]
    [InlineData("void M() { _gate.Wait(); try { Work(); } catch (Exception e) { Console.WriteLine(e); } _gate.Release(); }")]
    [InlineData("async Task M() { _gate.Release(); try { await WorkAsync(); } finally { await _gate.WaitAsync(); } }")]
    [InlineData("async Task M(CancellationToken ct) { var taken = false; try { await _gate.WaitAsync(ct); taken = true; Work(); } finally { if (taken) _gate.Release(); } }")]
    public Task Stays_silent_for_throttles_and_protected_shapes(string member) => VerifyAG0401.NoDiagnostics(Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly AsyncGuard.AsyncSemaphore _permits = new AsyncGuard.AsyncSemaphore(2);
            private readonly SemaphoreSlim _throttle;
            private readonly SemaphoreSlim _computed = new(Environment.ProcessorCount);
            private readonly SemaphoreSlim _handedOff = new SemaphoreSlim(1, 1);
            private int _count;
            C() { _throttle = new SemaphoreSlim(initialCount: 4); }
            static void Work() { }
            static Task WorkAsync() => Task.CompletedTask;
            void Start() { }
            void OnCompleted() => _handedOff.Release();

        {{member}}
        }
        """ + RuntimeStandIns);

    [Fact]
    public Task Stays_silent_for_a_base_class_throttle_released_by_a_completion_callback() => VerifyAG0401.NoDiagnostics(Usings + """
        abstract class SenderBase
        {
            protected readonly SemaphoreSlim throttle = new SemaphoreSlim(0);
        }
        sealed class Sender : SenderBase
        {
            private int _count;
            public void Send(Action start)
            {
                if (Interlocked.Increment(ref _count) > 8)
                    throttle.Wait();
                try { start(); }
                catch { throttle.Release(); throw; }
            }
            private void Completed() => throttle.Release();
        }
        """ + RuntimeStandIns);

    [Fact]
    public Task Still_reports_a_lock_acquired_inside_a_try_whose_release_is_not_guarded() => VerifyAG0401.Diagnostics(InClass("""
            async Task M(CancellationToken ct)
            {
                var taken = false;
                try
                {
                    await {|AG0401:_gate.WaitAsync(ct)|};
                    taken = true;
                    Work();
                }
                finally
                {
                    _gate.Release();
                }
            }
        """));

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0401.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(SemaphoreSlim s)
            {
                await s.WaitAsync(;
                s.Release(
                await missing.WaitAsync();
                missing.Release();
            }
        }
        """);

    [Fact]
    public Task Fix_wraps_the_statements_up_to_the_release() => VerifyAG0401.Fix<AG0401ReleaseInFinallyCodeFixProvider>(InClass("""
            async Task M(CancellationToken ct)
            {
                await {|AG0401:_gate.WaitAsync(ct)|};
                // guarded
                _count++;
                await WorkAsync();
                _gate.Release();
                Work();
            }
        """), InClass("""
            async Task M(CancellationToken ct)
            {
                await _gate.WaitAsync(ct);
                // guarded
                try
                {
                    _count++;
                    await WorkAsync();
                }
                finally
                {
                    _gate.Release();
                }
                Work();
            }
        """));

    [Fact]
    public Task Fix_moves_the_acquisition_before_the_try() => VerifyAG0401.Fix<AG0401ReleaseInFinallyCodeFixProvider>(InClass("""
            async Task M(CancellationToken ct)
            {
                try
                {
                    await {|AG0401:_gate.WaitAsync(ct)|};
                    Work();
                }
                finally
                {
                    _gate.Release();
                }
            }
        """), InClass("""
            async Task M(CancellationToken ct)
            {
                await _gate.WaitAsync(ct);
                try
                {
                    Work();
                }
                finally
                {
                    _gate.Release();
                }
            }
        """));

    [Fact]
    public Task Fix_all_handles_every_acquisition() => VerifyAG0401.Fix<AG0401ReleaseInFinallyCodeFixProvider>(InClass("""
            void A()
            {
                {|AG0401:_gate.Wait()|};
                Work();
                _gate.Release();
            }

            async Task B()
            {
                await {|AG0401:_gate.WaitAsync()|};
                await WorkAsync();
                _gate.Release();
            }
        """), InClass("""
            void A()
            {
                _gate.Wait();
                try
                {
                    Work();
                }
                finally
                {
                    _gate.Release();
                }
            }

            async Task B()
            {
                await _gate.WaitAsync();
                try
                {
                    await WorkAsync();
                }
                finally
                {
                    _gate.Release();
                }
            }
        """));

    [Theory]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; var n = _count; _gate.Release(); Console.WriteLine(n); }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_count > 0) { _gate.Release(); } }")]
    public Task No_fix_where_the_rewrite_would_not_compile_or_is_unclear(string member) =>
        VerifyAG0401.NoFix<AG0401ReleaseInFinallyCodeFixProvider>(InClass(member));

    // Corpus6 W7: the acquisition first inside the try is harmful only when the wait can fail (cancelled, timed out).
    [Theory]
    [InlineData("async Task M() { try { await _gate.WaitAsync(); await WorkAsync(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync().ConfigureAwait(false); Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { try { _gate.Wait(); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(CancellationToken.None); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(cancellationToken: default); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(default(CancellationToken)); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(new CancellationToken()); Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { try { _gate.Wait(new CancellationToken(false)); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(AsyncGuard.AsyncSemaphore p) { try { await p.WaitAsync(); Work(); } finally { p.Release(); } }")]
    [InlineData("async Task M(SemaphoreSlim s) { try { await s.WaitAsync(); _count++; } finally { s.Release(); } }")]
    [InlineData("Func<Task> M() => async () => { try { await _gate.WaitAsync(); Work(); } finally { _gate.Release(); } };")]
    public Task Stays_silent_for_an_uncancellable_wait_first_in_the_try(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M(CancellationToken ct) { try { await {|AG0401:_gate.WaitAsync(ct)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(CancellationToken ct) { try { {|AG0401:_gate.Wait(ct)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(CancellationTokenSource cts) { try { await {|AG0401:_gate.WaitAsync(cts.Token)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await {|AG0401:_gate.WaitAsync(new CancellationToken(true))|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(bool b) { try { await {|AG0401:_gate.WaitAsync(new CancellationToken(b))|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(AsyncGuard.AsyncSemaphore p, CancellationToken ct) { try { await {|AG0401:p.WaitAsync(cancellationToken: ct)|}; Work(); } finally { p.Release(); } }")]
    public Task Still_reports_a_wait_that_can_be_cancelled(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Theory]
    // The first shape (no try at all) does not depend on the wait: an exception in the guarded code leaks the permit.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait(CancellationToken.None)|}; Work(); _gate.Release(); }")]
    public Task Still_reports_the_unprotected_shape_without_a_token(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Fact]
    public Task Option_reports_an_uncancellable_wait_in_the_try() => VerifyAG0401.DiagnosticsWithOptions(
        InClass("async Task M() { try { await {|AG0401:_gate.WaitAsync()|}; Work(); } finally { _gate.Release(); } }"),
        "dotnet_diagnostic.AG0401.report_uncancellable_wait_in_try = true");

    [Fact]
    public Task Survives_half_typed_uncancellable_waits() => VerifyAG0401.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            SemaphoreSlim s = new SemaphoreSlim(1, 1);
            async Task M()
            {
                try { await s.WaitAsync(missing); Work(); } finally { s.Release(); }
                try { await s.WaitAsync(CancellationToken.); } finally { s.Release(); }
                try { s.Wait(new CancellationToken(; } finally { s.Release(); }
            }
        }
        """);
}
