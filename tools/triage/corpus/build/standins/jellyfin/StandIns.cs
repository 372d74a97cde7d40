using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MediaBrowser.Model")]

namespace Diacritics.Extensions
{
    public static class StringExtensions
    {
        public static string RemoveDiacritics(this string text) => throw new NotSupportedException();
        public static bool HasDiacritics(this string text) => throw new NotSupportedException();
    }
}

namespace ICU4N.Text
{
    public abstract class Transliterator
    {
        public static Transliterator GetInstance(string id) => throw new NotSupportedException();
        public virtual string Transliterate(string source) => throw new NotSupportedException();
    }
}

namespace MediaBrowser.Model
{
    internal static class MimeTypes
    {
        public static bool TryGetMimeType(string fileName, out string mimeType) => throw new NotSupportedException();
        public static IEnumerable<string> GetMimeTypeExtensions(string mimeType) => throw new NotSupportedException();
        public static string GetMimeType(string fileName) => throw new NotSupportedException();
    }
}
