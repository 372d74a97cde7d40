using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eleventh part (e201; DotNetty's TlsHandler.NotifyHandshakeFailure): report_failure_path_cleanups also covers
/// a cleanup whose only arguments are the object the failure was just reported to (the receiver of another call of the
/// block that is handed the exception, or a value made from it). Still reported: an argument the failure was not handed
/// to, a computed argument, a failure reported in another block, and everything with the key on.
/// </summary>
public sealed class AG0201FailureTargetCleanupTests
{
    private const string Types = """
        using System; using System.Threading.Tasks;
        public interface IContext { void FireUserEvent(object evt); void FireExceptionCaught(Exception cause); }
        public sealed class HandshakeEvent { public HandshakeEvent(Exception cause) { } }
        """;

    private static string Handler(string body) => Types + $$"""
        public class Handler
        {
            IContext _context = null!;
            IContext _other = null!;
            public Task CloseAsync(IContext context) => Task.CompletedTask;
            public Task CloseBothAsync(IContext a, IContext b) => Task.CompletedTask;
            {{body}}
        }
        """;

    [Theory]
    // The field the failure event went to, through `this.` or not; a parameter; the exception given directly.
    [InlineData("void Failed(Exception cause) { _context.FireUserEvent(new HandshakeEvent(cause)); this.CloseAsync(this._context); }")]
    [InlineData("void Failed(Exception cause)\n{\n    this._context.FireUserEvent(new HandshakeEvent(cause));\n    CloseAsync(_context);\n}")]
    [InlineData("void Failed(IContext ctx, Exception cause) { ctx.FireExceptionCaught(cause); CloseAsync(ctx); }")]
    [InlineData("void Read(IContext ctx) { try { } catch (Exception ex) { ctx.FireExceptionCaught(ex); CloseAsync(ctx); } }")]
    public Task Silent_for_a_cleanup_of_the_failure_target(string body) =>
        VerifyAG0201.NoDiagnostics(Handler(body));

    [Theory]
    // Another object than the one told of the failure; one of two arguments not told; a computed argument.
    [InlineData("void Failed(Exception cause) { _context.FireUserEvent(new HandshakeEvent(cause)); {|AG0201:CloseAsync(_other)|}; }")]
    [InlineData("void Failed(Exception cause) { _context.FireUserEvent(new HandshakeEvent(cause)); {|AG0201:CloseBothAsync(_context, _other)|}; }")]
    [InlineData("void Failed(Exception cause) { _context.FireUserEvent(new HandshakeEvent(cause)); {|AG0201:CloseAsync(_context ?? _other)|}; }")]
    // The target was told something else than a failure; the failure was reported in another block; an ordinary path.
    [InlineData("void Done(IContext ctx) { ctx.FireUserEvent(\"done\"); {|AG0201:CloseAsync(ctx)|}; }")]
    [InlineData("void Done(IContext ctx, bool b) { if (b) { ctx.FireExceptionCaught(new Exception()); } {|AG0201:CloseAsync(ctx)|}; }")]
    public Task Reported_where_the_argument_was_not_told_of_the_failure(string body) =>
        VerifyAG0201.Diagnostics(Handler(body));

    [Fact]
    public Task The_option_reports_failure_target_cleanups() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Handler("void Failed(Exception cause) { _context.FireUserEvent(new HandshakeEvent(cause)); {|AG0201:CloseAsync(_context)|}; }"),
            FailurePathCleanups.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Handler("""
            void A(Exception cause) { _missing.FireUserEvent(new HandshakeEvent(cause)); CloseAsync(_missing); }
            void B(Exception cause) { _context.Missing(cause); CloseAsync(_context); }
            void C(Missing cause) { _context.FireUserEvent(cause); {|AG0201:CloseAsync(_context)|}; }
            """));
}
