using System.Collections.Concurrent;
using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>The candidate async members of a method, cached per definition and name, and the cheap checks that a written call can take one.</summary>
    internal sealed partial class AsyncAlternatives
    {
        private readonly struct CandidateKey(INamedTypeSymbol type, string name) : IEquatable<CandidateKey>
        {
            public INamedTypeSymbol Type { get; } = type;

            public string Name { get; } = name;

            public bool Equals(CandidateKey other) => Type.Is(other.Type) && Name == other.Name;

            public override bool Equals(object? obj) => obj is CandidateKey other && Equals(other);

            public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Type) * 31) ^ StringComparer.Ordinal.GetHashCode(Name);
        }

        /// <summary>The call as written: its syntax, its target, and where the written arguments start among the target's parameters.</summary>
        private readonly struct WrittenCall(IInvocationOperation operation, InvocationExpressionSyntax invocation, IMethodSymbol method, int parameterOffset, bool inNestedFunction, CancellationToken cancellationToken)
        {
            public IInvocationOperation Operation { get; } = operation;

            public InvocationExpressionSyntax Invocation { get; } = invocation;

            public IMethodSymbol Method { get; } = method;

            public int ParameterOffset { get; } = parameterOffset;

            public bool HasNamedArguments { get; } = AsyncAlternatives.HasNamedArguments(invocation);

            /// <summary>A lambda or local function encloses the call.</summary>
            public bool InNestedFunction { get; } = inNestedFunction;

            public CancellationToken CancellationToken { get; } = cancellationToken;
        }

        /// <summary>The possible alternatives of a method: decided once per method symbol.</summary>
        private sealed class Candidates(ImmutableArray<IMethodSymbol> members, bool extension)
        {
            public static readonly Candidates None = new Candidates(ImmutableArray<IMethodSymbol>.Empty, false);

            /// <summary>Methods named MAsync, or awaitable overloads of M, in the type, its base types and interfaces.</summary>
            public ImmutableArray<IMethodSymbol> Members { get; } = members;

            /// <summary>An extension method named MAsync exists somewhere in scope.</summary>
            public bool Extension { get; } = extension;

            public bool IsEmpty => Members.IsEmpty && !Extension;
        }

        /// <summary>
        /// Overloads share one answer: the search walks the hierarchy of the method's declaring type (as defined, so every
        /// construction shares it too) for members named MAsync or awaitable overloads of M.
        /// </summary>
        private Candidates CandidatesOf(IMethodSymbol method)
        {
            var type = method.OriginalDefinition.ContainingType;
            if (type is null)
            {
                return Candidates.None;
            }

            var key = new CandidateKey(type, method.Name);
            return _candidates.TryGetValue(key, out var found) ? found : _candidates.GetOrAdd(key, ComputeCandidates(key));
        }

        private Candidates WithReceiverCandidates(Candidates own, IInvocationOperation operation, string name)
        {
            if (Invocations.Receiver(operation)?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } receiverType)
            {
                return own;
            }

            var onReceiver = CandidatesOf(receiverType.OriginalDefinition, name);
            if (onReceiver.Members.IsEmpty)
            {
                return own;
            }

            return own.Members.IsEmpty && !own.Extension ? onReceiver : new Candidates(own.Members.AddRange(onReceiver.Members), own.Extension || onReceiver.Extension);
        }

        private Candidates CandidatesOf(INamedTypeSymbol type, string name)
        {
            var key = new CandidateKey(type, name);
            return _candidates.TryGetValue(key, out var found) ? found : _candidates.GetOrAdd(key, ComputeCandidates(key));
        }

        private MethodEntry EntryOf(IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            return _methods.TryGetValue(definition, out var known) ? known : _methods.GetOrAdd(definition, ComputeEntry(definition));
        }

        private MethodEntry ComputeEntry(IMethodSymbol definition)
        {
            var returnType = definition.ReturnType;
            var returnsTypeParameter = returnType is ITypeParameterSymbol;
            var returnsAwaitable = !returnsTypeParameter && (returnType is null || _types.IsAwaitable(returnType));
            return new MethodEntry(returnsAwaitable, returnsTypeParameter, returnsAwaitable ? Candidates.None : CandidatesOf(definition));
        }

        /// <summary>
        /// What a method definition tells every call of it: whether it returns an awaitable already (decided per call
        /// only when it returns a type parameter, which a construction may make awaitable), and its candidates.
        /// </summary>
        private sealed class MethodEntry(bool returnsAwaitable, bool returnsTypeParameter, Candidates candidates)
        {
            public bool ReturnsAwaitable { get; } = returnsAwaitable;

            public bool ReturnsTypeParameter { get; } = returnsTypeParameter;

            public Candidates Candidates { get; } = candidates;
        }

        private Candidates ComputeCandidates(CandidateKey key)
        {
            var asyncName = key.Name + WellKnownApis.AsyncSuffix;
            // A type of the references has the same members in every compilation of the reference set: they are found
            // once for all of them (an edit's fresh compilation finds them there); a source type's, here.
            var members = _types.SharesMetadataAnswers(key.Type)
                ? _types.ReferenceScoped(SharedMembersKey, static _ => new ConcurrentDictionary<CandidateKey, ImmutableArray<IMethodSymbol>>())
                    is var shared && shared.TryGetValue(key, out var known) ? known : shared.GetOrAdd(key, MembersOf(key, asyncName))
                : MembersOf(key, asyncName);

            // Only whether such an extension exists: the symbols are resolved when a call gets as far as binding.
            var extension = _extensionMethods.Exists(asyncName);
            return members.IsEmpty && !extension ? Candidates.None : new Candidates(members, extension);
        }

        private const string SharedMembersKey = "AG0102.CandidateMembers";

        private ImmutableArray<IMethodSymbol> MembersOf(CandidateKey key, string asyncName)
        {
            // Most keys find nothing: the builder is made only for the first member found.
            ImmutableArray<IMethodSymbol>.Builder? members = null;
            for (var t = key.Type; t != null; t = t.BaseType)
            {
                AddCandidates(t, key.Name, asyncName, ref members);
            }

            foreach (var i in key.Type.AllInterfaces)
            {
                AddCandidates(i, key.Name, asyncName, ref members);
            }

            return members?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        private void AddCandidates(INamedTypeSymbol type, string name, string asyncName, ref ImmutableArray<IMethodSymbol>.Builder? members)
        {
            // Member names come from metadata without building member symbols: most types of the hierarchy
            // (interfaces especially) have neither name, and are never loaded.
            var names = type.MemberNames;
            if (AsyncTypes.HasMemberNamed(names, asyncName))
            {
                foreach (var member in type.GetMembers(asyncName))
                {
                    if (member is IMethodSymbol candidate && _types.IsAwaitable(candidate.ReturnType))
                    {
                        (members ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(candidate);
                    }
                }
            }

            if (AsyncTypes.HasMemberNamed(names, name))
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol overload && _types.IsAwaitable(overload.ReturnType))
                    {
                        (members ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(overload);
                    }
                }
            }
        }

        /// <summary>
        /// Before any binding: could one of the candidates take these arguments (same parameter types by position, and
        /// a CancellationToken right after them when <paramref name="withToken"/>)?
        /// </summary>
        private bool IsPlausible(in WrittenCall call, string candidateName, bool withToken, Candidates candidates, ImmutableArray<IMethodSymbol> extensions)
        {
            // Members were found on the declaring type as defined: compare them with the target as defined.
            foreach (var candidate in candidates.Members)
            {
                if (candidate.Name == candidateName && Fits(call, call.Method.OriginalDefinition, candidate, withToken))
                {
                    return true;
                }
            }

            foreach (var candidate in extensions)
            {
                if (candidate.Name == candidateName && Fits(call, call.Method, candidate, withToken))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Fits(in WrittenCall call, IMethodSymbol method, IMethodSymbol candidate, bool withToken)
        {
            if (call.HasNamedArguments || candidate.IsGenericMethod || method.IsGenericMethod)
            {
                return true;
            }

            // An extension sibling found as a member of the static class still has its `this` parameter.
            var candidateOffset = candidate.IsExtensionMethod && candidate.ReducedFrom is null ? call.ParameterOffset : 0;
            var count = call.Invocation.ArgumentList.Arguments.Count;
            for (var i = 0; i < count; i++)
            {
                var o = i + call.ParameterOffset;
                var c = i + candidateOffset;
                var original = o < method.Parameters.Length ? method.Parameters[o] : null;
                var replacement = c < candidate.Parameters.Length ? candidate.Parameters[c] : null;
                if (original is null || replacement is null
                    || (!original.IsParams && !replacement.IsParams && !original.Type.Is(replacement.Type)))
                {
                    return false;
                }
            }

            var tokenAt = count + candidateOffset;
            return !withToken || (tokenAt < candidate.Parameters.Length && _types.IsCancellationToken(candidate.Parameters[tokenAt].Type));
        }
    }
}
