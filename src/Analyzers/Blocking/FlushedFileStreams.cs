namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Issue 16, sixteenth pass (disp102): a `using` of a local <c>FileStream</c> (by static type, or a local whose one
    /// initializer is <c>new FileStream(..)</c> of a library type) whose body ends with <c>await fs.FlushAsync(..)</c> (the
    /// last statement of the `using` statement's body, or of the block of a `using` declaration), however it was written
    /// before: by its own members or by a method it was handed to (<c>await entity.WriteToAsync(options, fs, ct);</c>). When
    /// the `using` ends normally the file's buffer has just been written out asynchronously and nothing runs after the flush,
    /// so the sync <c>Dispose</c> only closes the handle, which <c>DisposeAsync</c> does synchronously as well. The body may
    /// not leave the `using` otherwise (<c>return</c>, <c>goto</c>, <c>yield</c>, an outer <c>break</c>/<c>continue</c>); the
    /// stream is not captured by a lambda or local function and not handed to a constructor (a wrapper such as a
    /// compressor or a writer could still write into it when its own disposal runs after the flush). Still reported: a
    /// flush that is not last or is under a condition, a sync <c>Flush()</c>, an early exit, a wrapper made over the file,
    /// and every other stream type (a <c>Stream</c> of unknown type may be a compressor that writes its final block on
    /// disposal, flushed or not). Reported with <c>report_flushed_write_streams</c> like <see cref="FlushedWriteStreams"/>.
    /// </summary>
    internal static class FlushedFileStreams
    {
        public static bool IsFlushedLast(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (types.TypeNamed("System.IO.FileStream") is not { } fileStream
                || usingOperation.SemanticModel is not { } model
                || FlushedWriters.SingleDeclarator(usingOperation) is not { } declarator
                || declarator.Symbol is not { RefKind: RefKind.None } stream
                || FlushedWriters.Covered(usingOperation, last: true) is not { } last
                || !FlushedWriteStreams.IsAwaitedFlush(last, stream, model, cancellationToken)
                || !FlushedWriteStreams.IsFileStream(stream, fileStream, model, cancellationToken))
            {
                return false;
            }

            if (FlushedWriters.ScopeOfNormalEnd(usingOperation, last, out var function) is not { } scope)
            {
                return false;
            }

            foreach (var reference in scope.Descendants())
            {
                if (reference is not ILocalReferenceOperation local || !local.Local.Is(stream))
                {
                    continue;
                }

                if (!ReferenceEquals(EnclosingFunction.InnermostFunction(reference), function) || IsHandedToConstructor(reference))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The stream is an argument of <c>new T(..)</c> (directly or through an implicit conversion).</summary>
        private static bool IsHandedToConstructor(IOperation reference)
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                parent = parent.Parent;
            }

            return parent is IArgumentOperation { Parent: IObjectCreationOperation };
        }
    }
}
