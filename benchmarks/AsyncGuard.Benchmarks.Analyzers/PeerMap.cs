using System.Collections.Generic;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>
/// AsyncGuard rules and the peer rules that do the same job (kept in step with the README rule table).
/// Ids are checked against the loaded analyzers' SupportedDiagnostics at run time; a pair is reported
/// only when both ids exist, so entries for rules not written yet are harmless.
/// </summary>
public static class PeerMap
{
    public static readonly IReadOnlyDictionary<string, (string Package, string Id)[]> Rules = new Dictionary<string, (string, string)[]>
    {
        // Blocking wait in async code (.Result, .Wait(), GetAwaiter().GetResult()).
        ["AG0101"] = new[] { (VsThreading, "VSTHRD002"), (VsThreading, "VSTHRD103"), (Meziantou, "MA0042"), (AsyncFixer, "AsyncFixer02") },
        // Synchronous call that has an async alternative (File, Stream, Thread.Sleep, ...).
        ["AG0102"] = new[] { (VsThreading, "VSTHRD103"), (Meziantou, "MA0042"), (NetAnalyzers, "CA1849"), (AsyncFixer, "AsyncFixer02") },
        // Synchronous wait on async work.
        ["AG0103"] = new[] { (VsThreading, "VSTHRD002"), (Meziantou, "MA0045"), (AsyncFixer, "AsyncFixer02") },
        // Unobserved task.
        ["AG0201"] = new[] { (VsThreading, "VSTHRD110"), (Meziantou, "MA0134") },
        // async void method.
        ["AG0202"] = new[] { (VsThreading, "VSTHRD100"), (AsyncFixer, "AsyncFixer03"), (Meziantou, "MA0155") },
        // async lambda passed as a void-returning delegate.
        ["AG0203"] = new[] { (VsThreading, "VSTHRD101"), (AsyncFixer, "AsyncFixer03"), (Meziantou, "MA0147") },
        // Unawaited task inside a using block.
        ["AG0205"] = new[] { (AsyncFixer, "AsyncFixer04") },
        // Task-returning member returns null.
        ["AG0207"] = new[] { (VsThreading, "VSTHRD114"), (Meziantou, "MA0022") },
        // Task APIs that use the ambient TaskScheduler.Current.
        ["AG0210"] = new[] { (VsThreading, "VSTHRD105") },
        // Forward the available CancellationToken.
        ["AG0301"] = new[] { (Meziantou, "MA0040"), (Meziantou, "MA0032"), (NetAnalyzers, "CA2016") },
        // Enumerate async sequences with the available token.
        ["AG0302"] = new[] { (Meziantou, "MA0079"), (Meziantou, "MA0080") },
        // Dispose CancellationTokenSource.
        ["AG0304"] = new[] { (NetAnalyzers, "CA2000") },
    };

    // NetAnalyzers ships with the SDK, not as a peer package here; its entries document the README table only.
    private const string NetAnalyzers = "NetAnalyzers";
    private const string VsThreading = AnalyzerPackages.VsThreading;
    private const string AsyncFixer = AnalyzerPackages.AsyncFixer;
    private const string Meziantou = AnalyzerPackages.Meziantou;
}
