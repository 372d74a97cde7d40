using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401 and a conditional acquisition that sets a flag, an early exit on the flag being false, then the guarded try,
/// possibly inside a `lock` (corpus5 class 7, YARP's ClusterDestinationsUpdater.UpdateInternal).
/// </summary>
public sealed class AG0401FlaggedAcquireTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly object _sync = new object();
            private object _loose = new object();
            private bool _field;
            static void Work() { }
            static bool Check() => true;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    // The corpus shape: the semaphore itself as the lock object.
    [InlineData("void M(SemaphoreSlim s, bool force) { var taken = false; if (force) { taken = true; s.Wait(); } else { taken = s.Wait(0); } if (!taken) { return; } lock (s) { try { Work(); } finally { s.Release(); } } }")]
    [InlineData("void M(bool force) { bool taken; if (force) { _gate.Wait(); taken = true; } else taken = _gate.Wait(0); if (taken == false) return; if (taken is false) return; lock (this) try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(bool force) { var taken = false; if (!force) { taken = _gate.Wait(0); } else { taken = true; _gate.Wait(); } if (!taken) return; lock (_sync) { try { Work(); } finally { _gate.Release(); } Work(); } }")]
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (!taken) { Work(); return; } try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } try { Work(); } finally { if (taken) _gate.Release(); } }")]
    public Task Stays_silent(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    // No flag: the exit may be taken with the permit held.
    [InlineData("void M(bool force, bool skip) { var taken = false; if (force) { _gate.Wait(); } else taken = _gate.Wait(0); if (skip) return; try { Work(); } finally { _gate.Release(); } }")]
    // The flag is false on the acquiring path.
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); taken = false; } else taken = _gate.Wait(0); if (!taken) return; try { Work(); } finally { _gate.Release(); } }")]
    // A field as the flag: another thread may clear it.
    [InlineData("void M(bool force) { if (force) { _field = true; _gate.Wait(); } else _field = _gate.Wait(0); if (!_field) return; try { Work(); } finally { _gate.Release(); } }")]
    // The exit tests something else, or calls code that can throw.
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (!taken || !Check()) return; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (taken) return; try { Work(); } finally { _gate.Release(); } }")]
    // Work between the acquisition and the try.
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); Work(); } else taken = _gate.Wait(0); if (!taken) return; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (!taken) return; Work(); try { Work(); } finally { _gate.Release(); } }")]
    // A lock whose object may be null, or with work before the try.
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (!taken) return; lock (_loose) { try { Work(); } finally { _gate.Release(); } } }")]
    [InlineData("void M(bool force) { var taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); if (!taken) return; lock (_gate) { Work(); try { Work(); } finally { _gate.Release(); } } }")]
    // The flag is written by a callback.
    [InlineData("void M(bool force) { var taken = false; Action clear = () => taken = false; if (force) { taken = true; _gate.Wait(); } else taken = _gate.Wait(0); clear(); if (!taken) return; try { Work(); } finally { _gate.Release(); } }")]
    public Task Still_reports(string member) => VerifyAG0401.Diagnostics(InClass(member.Replace("_gate.Wait();", "{|AG0401:_gate.Wait()|};")));

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0401.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            void M(bool force)
            {
                var taken = false;
                if (force) { taken = true; {|AG0401:_gate.Wait()|}; } else taken = _gate.Wait(0);
                if (!taken) return;
                lock ( { try { Work( } finally { _gate.Release(); } }
            }
        }
        """);
}
