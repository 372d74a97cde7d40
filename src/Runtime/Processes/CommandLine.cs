using System.Text;

namespace AsyncGuard.Processes
{
    /// <summary>
    /// Joins an argument list into one command line that the runtime splits back into the same list (the rules of
    /// CommandLineToArgvW, which .NET also uses on Unix). Needed on netstandard2.0, which has no ProcessStartInfo.ArgumentList.
    /// </summary>
    internal static class CommandLine
    {
        public static string Join(IEnumerable<string> arguments)
        {
            var builder = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                Append(builder, argument);
            }

            return builder.ToString();
        }

        private static void Append(StringBuilder builder, string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                builder.Append(argument);
                return;
            }

            builder.Append('"');
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote: then each must be doubled, and the quote escaped.
                builder.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
                builder.Append(c);
                backslashes = 0;
            }

            builder.Append('\\', backslashes * 2); // they precede the closing quote
            builder.Append('"');
        }
    }
}
