using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Whether a compilation's source text could call one of the methods that make offloaded work for
    /// <see cref="TaskProvenance"/> (`Task.Run`, `StartNew`, `ContinueWith`, `ContinueWhenAll`, `ContinueWhenAny`): the only
    /// places its walk gives <see cref="Provenance.Pool"/> or <see cref="Provenance.CurrentScheduler"/>. A search of the
    /// text for those names as whole words (comments, strings and inactive code included, so a mention counts too), read in
    /// chunks without copying a tree's text whole; a `\u00xx` or `\U0000` escape of an ASCII character, which could spell an
    /// identifier, counts as a mention. False means no task of the compilation can be offloaded work.
    /// </summary>
    internal static class OffloadMentions
    {
        private const string Continue = "Continue";

        private static readonly string[] Names = { "Run", "StartNew", Continue };

        private static readonly string[] ContinueEndings = { "With", "WhenAll", "WhenAny" };

        private static readonly string[] NoEndings = Array.Empty<string>();

        private const int ChunkLength = 8192;

        // Longest name plus a character either side: a match across a chunk boundary is seen whole in the next chunk.
        private const int Overlap = 17;

        public static bool In(Compilation compilation, CancellationToken cancellationToken)
        {
            var buffer = new char[ChunkLength];
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (In(tree.GetText(cancellationToken), buffer))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool In(SourceText text, char[] buffer)
        {
            for (var start = 0; start < text.Length; start += ChunkLength - Overlap)
            {
                var length = Math.Min(ChunkLength, text.Length - start);
                text.CopyTo(start, buffer, 0, length);
                if (InChunk(buffer, length, atStart: start == 0, atEnd: start + length == text.Length))
                {
                    return true;
                }

                if (start + length == text.Length)
                {
                    break;
                }
            }

            return false;
        }

        /// <summary>A whole-word name or an ASCII escape in the chunk; at a chunk's inner edges a word may be cut, so an edge counts as a boundary only at the text's own start and end.</summary>
        private static bool InChunk(char[] chunk, int length, bool atStart, bool atEnd)
        {
            var span = new ReadOnlySpan<char>(chunk, 0, length);
            foreach (var name in Names)
            {
                for (var from = 0; from < length;)
                {
                    var found = span.Slice(from).IndexOf(name.AsSpan());
                    if (found < 0)
                    {
                        break;
                    }

                    var at = from + found;
                    if (at > 0 ? !IsIdentifierPart(chunk[at - 1]) : atStart)
                    {
                        // "Continue" is the common start of three names: the word is whole after one of its endings.
                        var end = at + name.Length;
                        foreach (var ending in name == Continue ? ContinueEndings : NoEndings)
                        {
                            if (span.Slice(end).StartsWith(ending.AsSpan()))
                            {
                                end += ending.Length;
                                break;
                            }
                        }

                        if ((name != Continue || end > at + name.Length) && (end < length ? !IsIdentifierPart(chunk[end]) : atEnd))
                        {
                            return true;
                        }
                    }

                    from = at + 1;
                }
            }

            for (var from = 0; from < length;)
            {
                var found = span.Slice(from).IndexOf('\\');
                if (found < 0)
                {
                    break;
                }

                var at = from + found;
                if (at + 5 < length && ((chunk[at + 1] == 'u' && chunk[at + 2] == '0' && chunk[at + 3] == '0')
                    || (chunk[at + 1] == 'U' && chunk[at + 2] == '0' && chunk[at + 3] == '0' && chunk[at + 4] == '0' && chunk[at + 5] == '0')))
                {
                    return true;
                }

                from = at + 1;
            }

            return false;
        }

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
