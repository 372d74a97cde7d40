using System.ComponentModel;
using System.IO;
using System.Text;

namespace AsyncGuard.Processes
{
    /// <summary>
    /// Runs a child process without a shell (asyncio.create_subprocess_exec): the arguments are passed as a list, both outputs
    /// are read concurrently (no pipe deadlock), and cancellation or the timeout kills the whole process tree and waits for it
    /// to exit before the call returns.
    /// </summary>
    /// <example>
    /// <code>
    /// ProcessResult r = await AsyncProcess.RunAsync("git", new[] { "log", "-1", "--format=%H" }, cancellationToken: ct);
    /// Console.WriteLine(r.EnsureSuccess().StandardOutput.Trim());
    ///
    /// await foreach (ProcessOutputLine line in AsyncProcess.StreamAsync("ping", new[] { "-c", "3", "localhost" }, cancellationToken: ct))
    ///     Console.WriteLine(line.Text);
    /// </code>
    /// </example>
    public static class AsyncProcess
    {
        private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        // After a kill, how long to wait for the exit and for the pipes to close (a descendant that escaped the kill may hold them).
        private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan s_pipeGrace = TimeSpan.FromSeconds(2);

        /// <summary>Runs the program to its exit and returns its exit code, both outputs and the duration. A non-zero exit code is not an error (see <see cref="ProcessResult.EnsureSuccess"/>).</summary>
        /// <param name="fileName">The program: a path, or a name looked up in PATH.</param>
        /// <param name="arguments">The arguments, each passed as is (no shell, no quoting needed).</param>
        /// <param name="options">Working directory, environment, standard input, timeout, encoding.</param>
        /// <param name="cancellationToken">Kills the process tree and throws <see cref="OperationCanceledException"/>.</param>
        /// <exception cref="FileNotFoundException">The program was not found.</exception>
        /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
        /// <exception cref="TimeoutException">The timeout passed; the process tree was killed.</exception>
        public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string>? arguments = null, ProcessRunOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new ProcessRunOptions();
            cancellationToken.ThrowIfCancellationRequested();
            using (Running run = Running.Start(fileName, arguments, options))
            using (var scope = new TimeoutScope(options.Timeout, cancellationToken))
            {
                // The pipes are read to their end whatever happens: a timeout or cancellation kills the process tree, which
                // closes them, and KillAsync waits for these reads (netstandard2.0 has no ReadToEndAsync(CancellationToken)).
#pragma warning disable AG0301 // see above: the reads end when the process tree is killed
                Task<string> stdout = run.Process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = run.Process.StandardError.ReadToEndAsync();
#pragma warning restore AG0301
                Task all = Task.WhenAll(run.Exited, stdout, stderr, run.InputWritten);
                try
                {
                    await TaskWaiting.WaitAsync(all, Timeout.InfiniteTimeSpan, scope.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (scope.Token.IsCancellationRequested)
                {
                    await run.KillAsync(all).ConfigureAwait(false);
                    throw Stopped(fileName, options, scope, cancellationToken);
                }

                int exitCode = run.Process.ExitCode;
                return new ProcessResult(fileName, exitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), run.Elapsed); // both completed
            }
        }

        /// <summary>
        /// Runs the program and yields its output lines as they come, standard output and standard error interleaved in arrival
        /// order. Ends when the program has exited and both outputs are closed; throws <see cref="ProcessExitException"/> when the
        /// exit code is not 0. Stopping the enumeration early, cancellation or the timeout kills the process tree.
        /// </summary>
        /// <inheritdoc cref="RunAsync" path="/param"/>
        public static async IAsyncEnumerable<ProcessOutputLine> StreamAsync(string fileName, IEnumerable<string>? arguments = null, ProcessRunOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            options ??= new ProcessRunOptions();
            cancellationToken.ThrowIfCancellationRequested();
            using (Running run = Running.Start(fileName, arguments, options))
            using (var scope = new TimeoutScope(options.Timeout, cancellationToken))
            {
                var buffer = new LineBuffer();
                Task stdout = buffer.PumpAsync(run.Process.StandardOutput, isError: false);
                Task stderr = buffer.PumpAsync(run.Process.StandardError, isError: true);
                Task all = Task.WhenAll(run.Exited, stdout, stderr, run.InputWritten);
                var errorTail = new StringBuilder();
                bool finished = false;
                try
                {
                    while (true)
                    {
                        if (buffer.TryTake(out ProcessOutputLine line, out bool ended))
                        {
                            if (line.IsError)
                            {
                                errorTail.AppendLine(line.Text);
                                if (errorTail.Length > 4000)
                                {
                                    errorTail.Remove(0, errorTail.Length - 2000);
                                }
                            }

                            yield return line;
                            continue;
                        }

                        if (ended)
                        {
                            break;
                        }

                        await AwaitOrStopAsync(buffer.WaitAsync(), scope, fileName, options, cancellationToken, run, all).ConfigureAwait(false);
                    }

                    await AwaitOrStopAsync(all, scope, fileName, options, cancellationToken, run, all).ConfigureAwait(false);
                    finished = true;
                }
                finally
                {
                    if (!finished)
                    {
                        // The consumer stopped early or an error was thrown: nothing may outlive the enumeration.
                        await run.KillAsync(all).ConfigureAwait(false);
                    }
                }

                int exitCode = run.Process.ExitCode;
                if (exitCode != 0)
                {
                    throw new ProcessExitException(fileName, exitCode, errorTail.ToString());
                }
            }
        }

        private static async Task AwaitOrStopAsync(Task task, TimeoutScope scope, string fileName, ProcessRunOptions options, CancellationToken cancellationToken, Running run, Task all)
        {
            try
            {
                await TaskWaiting.WaitAsync(task, Timeout.InfiniteTimeSpan, scope.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (scope.Token.IsCancellationRequested)
            {
                await run.KillAsync(all).ConfigureAwait(false);
                throw Stopped(fileName, options, scope, cancellationToken);
            }
        }

        private static Exception Stopped(string fileName, ProcessRunOptions options, TimeoutScope scope, CancellationToken cancellationToken) => scope.Expired
            ? new TimeoutException($"'{fileName}' did not finish within {options.Timeout}; its process tree was killed.")
            : new OperationCanceledException($"'{fileName}' was cancelled; its process tree was killed.", cancellationToken);

        /// <summary>A started process with its exit signal and input writer.</summary>
        private sealed class Running : IDisposable
        {
            private readonly TaskCompletionSource<bool> _exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly Stopwatch _clock = new Stopwatch();

            private Running(Process process) => Process = process;

            public Process Process { get; }

            public Task Exited => _exited.Task;

            public Task InputWritten { get; private set; } = Task.CompletedTask;

            public TimeSpan Elapsed => _clock.Elapsed;

            public static Running Start(string fileName, IEnumerable<string>? arguments, ProcessRunOptions options)
            {
                if (string.IsNullOrEmpty(fileName))
                {
                    throw new ArgumentException("A program is needed.", nameof(fileName));
                }

                if (options.WorkingDirectory != null && !Directory.Exists(options.WorkingDirectory))
                {
                    throw new DirectoryNotFoundException($"The working directory '{options.WorkingDirectory}' does not exist.");
                }

                Encoding encoding = options.Encoding ?? s_utf8;
                var info = new ProcessStartInfo(fileName)
                {
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardInput = true, // never inherit ours: a child reading stdin would hang on it
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    StandardOutputEncoding = encoding,
                    StandardErrorEncoding = encoding,
                };
                if (options.WorkingDirectory != null)
                {
                    info.WorkingDirectory = options.WorkingDirectory;
                }

                if (arguments != null)
                {
#if NET
                    foreach (string argument in arguments)
                    {
                        info.ArgumentList.Add(argument ?? throw new ArgumentException("An argument is null.", nameof(arguments)));
                    }
#else
                    info.Arguments = CommandLine.Join(arguments);
#endif
                }

                foreach (KeyValuePair<string, string?> variable in options.Environment)
                {
                    if (variable.Value is null)
                    {
                        info.Environment.Remove(variable.Key);
                    }
                    else
                    {
                        info.Environment[variable.Key] = variable.Value;
                    }
                }

                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                var running = new Running(process);
                process.Exited += running.OnExited;
                try
                {
                    running._clock.Start();
                    process.Start();
                }
                catch (Win32Exception e) when (e.NativeErrorCode == 2 || e.NativeErrorCode == 3)
                {
                    process.Dispose();
                    throw new FileNotFoundException($"The program '{fileName}' was not found (looked up as a path and in PATH).", fileName, e);
                }
                catch
                {
                    process.Dispose();
                    throw;
                }

                if (process.HasExited)
                {
                    running.OnExited(null, EventArgs.Empty);
                }

                running.InputWritten = WriteInputAsync(process, options.StandardInput, encoding);
                return running;
            }

            private void OnExited(object? sender, EventArgs e)
            {
                _clock.Stop();
                _exited.TrySetResult(true);
            }

            /// <summary>Kills the tree and waits (bounded) for the exit and for the pipes to close.</summary>
            public async Task KillAsync(Task all)
            {
                ProcessTree.Kill(Process);
                await Task.WhenAny(Exited, Task.Delay(s_exitGrace)).ConfigureAwait(false);
                await Task.WhenAny(TaskWaiting.WhenCompletedAsync(all), Task.Delay(s_pipeGrace)).ConfigureAwait(false);
                TaskWaiting.Observe(all);
            }

            public void Dispose()
            {
                Process.Exited -= OnExited;
                Process.Dispose();
            }

            private static async Task WriteInputAsync(Process process, string? text, Encoding encoding)
            {
                Stream input = process.StandardInput.BaseStream;
                try
                {
                    if (!string.IsNullOrEmpty(text))
                    {
                        byte[] bytes = encoding.GetBytes(text);
                        await input.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                        await input.FlushAsync().ConfigureAwait(false);
                    }
                }
                catch (IOException)
                {
                    // The child exited or closed its input before reading everything: like a shell pipe, not an error.
                }
                catch (ObjectDisposedException)
                {
                }
                finally
                {
                    try
                    {
#pragma warning disable AG0102 // the input was flushed with FlushAsync above; Dispose only closes the pipe (netstandard2.0 has no TextWriter.DisposeAsync)
                        process.StandardInput.Dispose();
#pragma warning restore AG0102
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }

        /// <summary>The lines read so far from both outputs, and a signal for the consumer.</summary>
        private sealed class LineBuffer
        {
            private readonly object _gate = new object();
            private readonly Queue<ProcessOutputLine> _lines = new Queue<ProcessOutputLine>();
            private TaskCompletionSource<bool>? _waiter;
            private int _openWriters = 2;

            public async Task PumpAsync(StreamReader reader, bool isError)
            {
                try
                {
                    string? text;
                    while ((text = await reader.ReadLineAsync().ConfigureAwait(false)) != null)
                    {
                        Add(new ProcessOutputLine(text, isError));
                    }
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    // The process was killed and its pipe torn down.
                }
                finally
                {
                    TaskCompletionSource<bool>? waiter;
                    lock (_gate)
                    {
                        _openWriters--;
                        waiter = _waiter;
                        _waiter = null;
                    }

                    waiter?.TrySetResult(true);
                }
            }

            private void Add(ProcessOutputLine line)
            {
                TaskCompletionSource<bool>? waiter;
                lock (_gate)
                {
                    _lines.Enqueue(line);
                    waiter = _waiter;
                    _waiter = null;
                }

                waiter?.TrySetResult(true);
            }

            public bool TryTake(out ProcessOutputLine line, out bool ended)
            {
                lock (_gate)
                {
                    ended = _openWriters == 0 && _lines.Count == 0;
                    if (_lines.Count > 0)
                    {
                        line = _lines.Dequeue();
                        return true;
                    }

                    line = default;
                    return false;
                }
            }

            public Task WaitAsync()
            {
                lock (_gate)
                {
                    if (_lines.Count > 0 || _openWriters == 0)
                    {
                        return Task.CompletedTask;
                    }

                    _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    return _waiter.Task;
                }
            }
        }
    }
}
