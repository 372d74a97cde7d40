using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0202 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0202AsyncVoidAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0202 shapes from the peers' issue trackers, second slice (fourteenth pass, sonar-dotnet#704): a private async void
/// method subscribed with <c>+=</c> to an event whose delegate is not (sender, EventArgs)-shaped is still an event handler
/// whose void return the event imposes; the same method handed to a parameter or stored, or visible outside its type, is
/// still reported.
/// </summary>
public sealed class AG0202PeerReport2Tests
{
    private const string Events = """
        using System; using System.Threading; using System.Threading.Tasks;
        public sealed class ActivationInfo { }
        public delegate void InfoHandler(object sender, ActivationInfo info);
        public delegate void TypedHandler<TSender, TArgs>(TSender sender, TArgs args);
        public class Window
        {
            public event TypedHandler<Window, ActivationInfo> Activated;
            public event Action<int> Ticked;
            public event InfoHandler Info;
            public event EventHandler<ActivationInfo> Changed;
            public void Raise() { Activated?.Invoke(this, new()); Ticked?.Invoke(1); Info?.Invoke(this, new()); Changed?.Invoke(this, new()); }
        }

        """;

    [Fact]
    public Task Handlers_of_events_with_other_delegate_shapes_are_silent() =>
        VerifyAG0202.NoDiagnostics(Events + """
            public class Page
            {
                private readonly Window _window = new();

                public Page()
                {
                    _window.Activated += OnActivated;
                    _window.Ticked += (OnTicked);
                    _window.Info += this.OnInfo;
                    _window.Changed += OnChanged;
                    _window.Ticked += Tick;

                    async void Tick(int n) => await Task.Delay(n);
                }

                public void Detach()
                {
                    _window.Info -= OnInfo;
                    OnTicked(0);
                }

                private async void OnActivated(Window sender, ActivationInfo args) => await Task.Yield();
                private async void OnTicked(int n) { await Task.Delay(n); }
                private async void OnInfo(object sender, ActivationInfo info) { await Task.Yield(); }
                private async void OnChanged(object sender, ActivationInfo info) { await Task.Yield(); }
            }
            """);

    [Fact]
    public Task Handler_subscribed_in_another_part_of_the_type_is_silent()
    {
        var test = new AnalyzerTest<AG0202AsyncVoidAnalyzer>
        {
            TestCode = Events + """
                public partial class View
                {
                    private async void OnActivated(Window sender, ActivationInfo args) => await Task.Yield();
                    private async {|AG0202:void|} Elsewhere(int n) => await Task.Delay(n);
                }
                """,
        };
        test.TestState.Sources.Add(("View.g.cs", """
            public partial class View
            {
                private readonly Window _window = new();
                public void Connect() { _window.Activated += OnActivated; _window.Ticked += Elsewhere; Use(Elsewhere); }
                private static void Use(System.Action<int> callback) { }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Handlers_not_only_subscribed_to_events_are_reported() =>
        VerifyAG0202.Diagnostics(Events + """
            public class Page
            {
                private readonly Window _window = new();

                public void Wire(IObservableLike source)
                {
                    _window.Ticked += OnTicks;
                    source.Subscribe(OnTicks);
                    _ = new Timer(OnTimerState);
                    Action<int> stored = Stored;
                    _window.Ticked += stored;
                    source.Subscribe(Handed);
                    _window.Ticked += Shown;
                    _window.Ticked -= OnlyRemoved;
                }

                private async {|AG0202:void|} OnTicks(int n) { await Task.Delay(n); }
                private async {|AG0202:void|} OnTimerState(object state) { await Task.Yield(); }
                private async {|AG0202:void|} Stored(int n) { await Task.Delay(n); }
                private async {|AG0202:void|} Handed(int n) { await Task.Delay(n); }
                public async {|AG0202:void|} Shown(int n) { await Task.Delay(n); }
                private async {|AG0202:void|} OnlyRemoved(int n) { await Task.Delay(n); }
                private async {|AG0202:void|} Never(int n) { await Task.Delay(n); }
            }

            public interface IObservableLike { void Subscribe(Action<int> onNext); }
            """);
}
