using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, ninth pass (deb7): a task dropped in a C# event handler — void because the event's delegate is, also an
/// event declared in the project (the Aspire dashboard's resize handlers) — is silent by default; reported with
/// report_event_handlers, and wherever the function is more than an event handler.
/// </summary>
public sealed class AG0201EventHandlerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Events = """
        public delegate void ViewportChangedHandler(object sender, EventArgs args);
        public sealed class Dimensions
        {
            public event ViewportChangedHandler? Changed;
            public event EventHandler? Resized;
            public void Raise() { Changed?.Invoke(this, EventArgs.Empty); Resized?.Invoke(this, EventArgs.Empty); }
        }
        """;

    private static string Page(string body) => Usings + Events + $$"""
        public sealed class Page : IDisposable
        {
            readonly Dimensions _dimensions = new Dimensions();
            static Task RefreshAsync() => Task.CompletedTask;
            {{body}}
        }
        """;

    [Theory]
    // A private method subscribed (and unsubscribed) as a handler of a project event and of a library event.
    [InlineData("public void Init() { _dimensions.Changed += OnResize; } public void Dispose() { _dimensions.Changed -= OnResize; } private void OnResize(object? o, EventArgs e) { RefreshAsync(); }")]
    [InlineData("public void Init() { _dimensions.Resized += this.OnResize; } public void Dispose() { _dimensions.Resized -= (OnResize); } private void OnResize(object? o, EventArgs e) => RefreshAsync();")]
    // The handler also called directly: it still cannot await.
    [InlineData("public void Init() { _dimensions.Changed += OnResize; OnResize(null, EventArgs.Empty); } public void Dispose() { } private void OnResize(object? o, EventArgs e) { RefreshAsync(); }")]
    // A lambda or anonymous method subscribed, a local function subscribed.
    [InlineData("public void Init() { _dimensions.Changed += (o, e) => RefreshAsync(); _dimensions.Resized += delegate { RefreshAsync(); }; } public void Dispose() { }")]
    [InlineData("public void Init() { void Handle(object? o, EventArgs e) { RefreshAsync(); } _dimensions.Changed += Handle; } public void Dispose() { }")]
    public Task Silent_in_event_handlers_by_default(string body) =>
        VerifyAG0201.NoDiagnostics(Page(body));

    [Theory]
    // Also used as another delegate of the project (a plain callback it could make Task-returning).
    [InlineData("public void Init() { _dimensions.Changed += OnResize; ViewportChangedHandler keep = OnResize; keep(null, EventArgs.Empty); } public void Dispose() { } private void OnResize(object? o, EventArgs e) { {|AG0201:RefreshAsync()|}; }")]
    // Only unsubscribed, never subscribed.
    [InlineData("public void Dispose() { _dimensions.Changed -= OnResize; } private void OnResize(object? o, EventArgs e) { {|AG0201:RefreshAsync()|}; }")]
    // Not private: other code may call it as a plain method.
    [InlineData("public void Init() { _dimensions.Changed += OnResize; } public void Dispose() { } public void OnResize(object? o, EventArgs e) { {|AG0201:RefreshAsync()|}; }")]
    // A lambda inside the handler is its own function; a helper the handler calls is no handler.
    [InlineData("public void Init() { _dimensions.Changed += (o, e) => { Action later = () => {|AG0201:RefreshAsync()|}; later(); Helper(); }; } void Helper() { {|AG0201:RefreshAsync()|}; } public void Dispose() { }")]
    // A lambda given as a plain delegate, not subscribed.
    [InlineData("public void Init() { Action<object?, EventArgs> handler = (o, e) => {|AG0201:RefreshAsync()|}; handler(null, EventArgs.Empty); } public void Dispose() { }")]
    public Task Reported_where_the_function_is_more_than_an_event_handler(string body) =>
        VerifyAG0201.Diagnostics(Page(body));

    [Fact]
    public Task The_option_reports_event_handlers() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Page("public void Init() { _dimensions.Changed += OnResize; _dimensions.Resized += (o, e) => {|AG0201:RefreshAsync()|}; } public void Dispose() { _dimensions.Changed -= OnResize; } private void OnResize(object? o, EventArgs e) { {|AG0201:RefreshAsync()|}; }"),
            EventHandlerStarts.ReportEventHandlersOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_subscriptions() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Page("""
            public void Init() { Missing.Changed += OnResize; _dimensions.Unknown += (o, e) => RefreshAsync(); _dimensions.Changed += ; }
            public void Dispose() { }
            private void OnResize(object? o, EventArgs e) { {|AG0201:RefreshAsync()|}; }
            """));
}
