namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Test sources shared by the AG0301 request tests (request body I/O, form-file copies, compressed responses): the part of
/// Microsoft.AspNetCore.Http they use, with every type name qualified so any test's usings fit. Appended after a test's
/// source, so diagnostic positions do not move.
/// </summary>
internal static class AspNetStubs
{
    public const string Http = """

        namespace Microsoft.AspNetCore.Http
        {
            public abstract class HttpContext
            {
                public abstract HttpRequest Request { get; }
                public abstract HttpResponse Response { get; }
                public abstract System.Threading.CancellationToken RequestAborted { get; set; }
                public virtual ConnectionInfo Connection => null!;
            }
            public abstract class ConnectionInfo
            {
                public virtual System.Threading.Tasks.Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> GetClientCertificateAsync(System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult<System.Security.Cryptography.X509Certificates.X509Certificate2?>(null);
            }
            public interface IFormFile
            {
                string FileName { get; }
                System.IO.Stream OpenReadStream();
                System.Threading.Tasks.Task CopyToAsync(System.IO.Stream target, System.Threading.CancellationToken cancellationToken = default);
            }
            public interface IFormFileCollection : System.Collections.Generic.IReadOnlyList<IFormFile>
            {
                IFormFile? this[string name] { get; }
                IFormFile? GetFile(string name);
            }
            public interface IFormCollection
            {
                IFormFileCollection Files { get; }
            }
            public abstract class HttpRequest
            {
                public abstract System.IO.Stream Body { get; set; }
                public abstract System.IO.Pipelines.PipeReader BodyReader { get; }
                public abstract string AcceptEncoding { get; }
                public abstract bool HasFormContentType { get; }
                public abstract IFormCollection Form { get; set; }
                public abstract System.Threading.Tasks.Task<IFormCollection> ReadFormAsync(System.Threading.CancellationToken cancellationToken = default);
                public virtual HttpContext HttpContext => null!;
            }
            public abstract class HttpResponse
            {
                public abstract System.IO.Stream Body { get; set; }
                public abstract System.IO.Pipelines.PipeWriter BodyWriter { get; }
                public abstract string? ContentType { get; set; }
                public virtual System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
                public virtual HttpContext HttpContext => null!;
            }
            public static class HttpResponseWritingExtensions
            {
                public static System.Threading.Tasks.Task WriteAsync(this HttpResponse response, string text, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
                public static System.Threading.Tasks.Task WriteAsync(this HttpResponse response, string text, System.Text.Encoding encoding, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
            }
            public static class HttpResponseJsonExtensions
            {
                public static System.Threading.Tasks.Task WriteAsJsonAsync<TValue>(this HttpResponse response, TValue value, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
            }
            public static class HttpRequestJsonExtensions
            {
                public static System.Threading.Tasks.ValueTask<TValue?> ReadFromJsonAsync<TValue>(this HttpRequest request, System.Threading.CancellationToken cancellationToken = default) => default;
            }
            public static class SendFileResponseExtensions
            {
                public static System.Threading.Tasks.Task SendFileAsync(this HttpResponse response, string fileName, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
            }
        }
        """;
}
