using System.Text;

namespace AsyncGuard.Processes
{
    /// <summary>Options of <see cref="AsyncProcess"/>.</summary>
    public sealed class ProcessRunOptions
    {
        /// <summary>The working directory; null: the current directory.</summary>
        public string? WorkingDirectory { get; set; }

        /// <summary>Environment variables to set for the child (a null value removes the variable); the rest is inherited.</summary>
        public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>Text written to the child's standard input, which is then closed; null: the input is closed at once.</summary>
        public string? StandardInput { get; set; }

        /// <summary>The longest run; when it passes, the process tree is killed and <see cref="TimeoutException"/> thrown. Default: none.</summary>
        public TimeSpan Timeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

        /// <summary>The encoding of the input and both outputs; default UTF-8 without a byte-order mark.</summary>
        public Encoding? Encoding { get; set; }
    }

    /// <summary>The result of <see cref="AsyncProcess.RunAsync"/>.</summary>
    public sealed class ProcessResult
    {
        internal ProcessResult(string fileName, int exitCode, string standardOutput, string standardError, TimeSpan duration)
        {
            FileName = fileName;
            ExitCode = exitCode;
            StandardOutput = standardOutput;
            StandardError = standardError;
            Duration = duration;
        }

        /// <summary>The program that ran.</summary>
        public string FileName { get; }

        /// <summary>The exit code.</summary>
        public int ExitCode { get; }

        /// <summary>Everything the program wrote to standard output.</summary>
        public string StandardOutput { get; }

        /// <summary>Everything the program wrote to standard error.</summary>
        public string StandardError { get; }

        /// <summary>The time from start to exit.</summary>
        public TimeSpan Duration { get; }

        /// <summary>True when the exit code is 0.</summary>
        public bool Succeeded => ExitCode == 0;

        /// <summary>Returns this result, or throws <see cref="ProcessExitException"/> when the exit code is not 0.</summary>
        public ProcessResult EnsureSuccess() => Succeeded ? this : throw new ProcessExitException(FileName, ExitCode, StandardError);
    }

    /// <summary>Thrown when a program exited with a non-zero code where success was required.</summary>
    public sealed class ProcessExitException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ProcessExitException(string fileName, int exitCode, string? standardError)
            : base($"'{fileName}' exited with code {exitCode}." + (string.IsNullOrEmpty(standardError) ? string.Empty : " " + Tail(standardError!)))
        {
            FileName = fileName;
            ExitCode = exitCode;
            StandardError = standardError;
        }

        /// <summary>The program.</summary>
        public string FileName { get; }

        /// <summary>The exit code.</summary>
        public int ExitCode { get; }

        /// <summary>The program's standard error, when it was captured.</summary>
        public string? StandardError { get; }

        private static string Tail(string text)
        {
            text = text.Trim();
            return text.Length <= 500 ? text : "..." + text.Substring(text.Length - 500);
        }
    }

    /// <summary>One line of a program's output, as yielded by <see cref="AsyncProcess.StreamAsync"/>.</summary>
    public readonly struct ProcessOutputLine
    {
        /// <summary>Creates a line.</summary>
        public ProcessOutputLine(string text, bool isError)
        {
            Text = text;
            IsError = isError;
        }

        /// <summary>The line, without its line break.</summary>
        public string Text { get; }

        /// <summary>True for standard error, false for standard output.</summary>
        public bool IsError { get; }

        /// <inheritdoc/>
        public override string ToString() => (IsError ? "err: " : "out: ") + Text;
    }
}
