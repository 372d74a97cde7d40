#if !NET
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
#endif
