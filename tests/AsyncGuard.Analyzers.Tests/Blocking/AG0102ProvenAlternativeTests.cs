namespace AsyncGuard.Analyzers.Tests.Blocking;

using System.Threading.Tasks;
using AsyncGuard.CodeFixes.Blocking;
using Xunit;
using VerifyAG0102 = Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

/// <summary>
/// AG0102 decides from symbols alone what the rewritten call binds to where overload resolution has one answer (issue 17:
/// no speculative binding there), and binds everywhere else. These are the edges where the two could part: each must
/// give what binding gives.
/// </summary>
public sealed class AG0102ProvenAlternativeTests
{
    private const string Store = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public class Store
        {
            public void Save() { }
            public Task SaveAsync() => Task.CompletedTask;
            public void Load(int id) { }
            public Task LoadAsync(int id, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public void Put(string key) { }
            public Task PutAsync(int key) => Task.CompletedTask;
            public Task PutAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        """;

    [Fact]
    public Task Reported_where_one_overload_takes_the_arguments() =>
        VerifyAG0102.Diagnostics(Store + """
            class C
            {
                async Task Run(Store store, int id, string key, CancellationToken cancellationToken)
                {
                    {|AG0102:store.Save()|};
                    {|AG0102:store.Load(id)|};
                    {|AG0102:store.Put(key)|};
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task Silent_where_a_local_function_of_the_alternative_name_hides_the_member() =>
        VerifyAG0102.Diagnostics("""
            using System.Threading.Tasks;

            class Repository
            {
                public void Save() { }
                public Task SaveAsync() => Task.CompletedTask;

                async Task Run()
                {
                    Save();
                    await Task.Yield();
                    int SaveAsync() => 0;
                }

                async Task Other()
                {
                    {|AG0102:Save()|};
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task Silent_where_the_alternative_is_not_accessible_from_the_call() =>
        VerifyAG0102.Diagnostics("""
            using System.Threading.Tasks;

            class Cache
            {
                public void Flush() { }
                private Task FlushAsync() => Task.CompletedTask;
                public void Trim() { }
                protected Task TrimAsync() => Task.CompletedTask;

                async Task Inside()
                {
                    {|AG0102:this.Flush()|};
                    {|AG0102:this.Trim()|};
                    await Task.Yield();
                }
            }

            class User
            {
                async Task Run(Cache cache)
                {
                    cache.Flush();
                    cache.Trim();
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task A_user_defined_conversion_leaves_the_choice_to_binding() =>
        VerifyAG0102.Diagnostics("""
            using System.Threading.Tasks;

            struct Key
            {
                public static implicit operator string(Key key) => "";
            }

            class Index
            {
                public void Add(Key key) { }
                public Task AddAsync(Key key) => Task.CompletedTask;
                public Task AddAsync(string key) => Task.CompletedTask;
                public void Remove(Key key) { }
                public Task<int> RemoveAsync(string key) => Task.FromResult(0);

                async Task Run(Key key)
                {
                    {|AG0102:this.Add(key)|};
                    this.Remove(key);
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task A_derived_alternative_hides_the_base_one() =>
        VerifyAG0102.Diagnostics("""
            using System.Threading.Tasks;

            class Base
            {
                public void Send(object value) { }
                public Task SendAsync(object value) => Task.CompletedTask;
            }

            class Derived : Base
            {
                public new Task<int> SendAsync(object value) => Task.FromResult(0);
            }

            class Other : Base
            {
                public Task SendAsync(long value) => Task.CompletedTask;
            }

            class C
            {
                async Task Run(Derived derived, Other other, object value)
                {
                    await Task.Yield();
                    {|AG0102:derived.Send(value)|};
                    {|AG0102:other.Send(value)|};
                }
            }
            """);

    [Fact]
    public Task Ref_and_dynamic_arguments_are_bound() =>
        VerifyAG0102.Diagnostics("""
            using System.Threading.Tasks;

            class Reader
            {
                public int Read(ref int position) => position;
                public Task<int> ReadAsync(ref int position) => Task.FromResult(position);
                public void Write(object value) { }
                public Task WriteAsync(object value) => Task.CompletedTask;

                async Task Run(dynamic value)
                {
                    var position = 0;
                    {|AG0102:this.Read(ref position)|};
                    this.Write(value);
                    await Task.Yield();
                }
            }
            """);

    private const string ShadowedToken = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Store
            {
                public void Load(int id) { }
                public Task LoadAsync(int id, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }

            class C
            {
                void Run(Store store, CancellationToken cancellationToken)
                {
                    Func<int, Task> load = async cancellationToken =>
                    {

            """;

    [Fact]
    public Task A_lambda_parameter_that_shadows_the_token_keeps_the_token_out() =>
        VerifyAG0102.Fix<AG0102AsyncAlternativeCodeFixProvider>(ShadowedToken + """
                        {|AG0102:store.Load(cancellationToken)|};
                        await Task.Yield();
                    };
                }
            }
            """, ShadowedToken + """
                        await store.LoadAsync(cancellationToken);
                        await Task.Yield();
                    };
                }
            }
            """);
}
