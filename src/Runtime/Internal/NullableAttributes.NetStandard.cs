// Compiled for netstandard2.0 only (AsyncGuard.Runtime.csproj leaves *.NetStandard.cs out of net8.0).
namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>netstandard2.0 lacks this nullable-analysis attribute; the compiler only needs its name.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class MaybeNullWhenAttribute : Attribute
    {
        public MaybeNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }
}
