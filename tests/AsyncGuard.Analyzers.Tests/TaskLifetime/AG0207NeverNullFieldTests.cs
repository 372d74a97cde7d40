using Xunit;
using VerifyAG0207 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0207TaskReturnsNullAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, corpus7lib (MQTTnet W5): `return _field?.M();` where `_field` is a readonly field the class only ever sets to a
/// `new` object cannot return null. A field that may hold null (a stored parameter, a constructor that skips it, a non-readonly
/// field, another instance's field, a struct) is still reported.
/// </summary>
public sealed class AG0207NeverNullFieldTests
{
    private const string Usings = "using System; using System.Threading.Tasks;\n";

    private const string Manager = """
        public class Manager
        {
            public Task Update(string s) => Task.CompletedTask;
            public Task<int> Count() => Task.FromResult(1);
        }

        """;

    [Fact]
    public Task Readonly_field_only_ever_made_with_new_is_silent() =>
        VerifyAG0207.NoDiagnostics(Usings + "#nullable disable\n" + Manager + """
            public sealed class Server
            {
                readonly Manager _manager;
                readonly Manager _initialized = new Manager();
                static readonly Manager Shared = new();
                readonly Manager _arrow;

                public Server()
                {
                    _manager = new Manager();
                    _arrow = new Manager();
                }

                public Server(int unused) : this() { }

                public Server(string name)
                {
                    this._manager = new Manager();
                    _arrow = new();
                }

                public Task UpdateAsync(string s) => _manager?.Update(s);
                public Task<int> CountAsync() { return this._initialized?.Count(); }
                public static Task SharedAsync() => Shared?.Update("");
                public Task ArrowAsync() => _arrow?.Update("");
            }
            """);

    [Fact]
    public Task Fields_that_may_hold_null_are_still_reported() =>
        VerifyAG0207.Diagnostics(Usings + "#nullable disable\n" + Manager + """
            public sealed class Server
            {
                readonly Manager _stored;
                readonly Manager _skipped;
                readonly Manager _conditional;
                Manager _mutable = new Manager();
                readonly Manager _byRef = new Manager();

                public Server(Manager manager, bool b)
                {
                    _stored = manager;
                    _skipped = new Manager();
                    if (b) _conditional = new Manager();
                    Init(ref _byRef);
                }

                public Server()
                {
                    _stored = new Manager();
                    _conditional = new Manager();
                }

                static void Init(ref Manager m) { }

                public Task A() => {|AG0207:_stored?.Update("")|};
                public Task B() => {|AG0207:_skipped?.Update("")|};
                public Task C() => {|AG0207:_conditional?.Update("")|};
                public Task D() => {|AG0207:_mutable?.Update("")|};
                public Task E() => {|AG0207:_byRef?.Update("")|};
                public Task F(Server other) => {|AG0207:other._skipped?.Update("")|};
            }

            public struct Holder
            {
                readonly Manager _manager;
                public Holder(int x) { _manager = new Manager(); }
                public Task G() => {|AG0207:_manager?.Update("")|};
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0207.DiagnosticsInBrokenCode(Usings + "#nullable disable\n" + Manager + """
        public sealed partial class Server
        {
            readonly Manager _a = new Manager(;
            readonly Missing _b;
            public Server() { _b = new Missing(); _a = }
            public Task A() => {|AG0207:_a?.Update("")|};
            public Task B() => _b?.Update("");
        }
        """);
}
