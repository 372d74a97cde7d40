using System;
using System.Collections.Generic;

namespace mtanksl.ActionMessageFormat
{
    public interface IAmfObject
    {
        object ToObject();
    }

    public class Amf0Object : IAmfObject
    {
        public string ClassName { get; set; } = string.Empty;
        public Dictionary<string, object?> DynamicMembersAndValues { get; set; } = new();
        public object ToObject() => throw new NotSupportedException();
    }

    public class Amf3Trait
    {
        public string ClassName { get; set; } = string.Empty;
        public bool IsDynamic { get; set; }
        public List<string> Members { get; set; } = new();
    }

    public class Amf3Object : IAmfObject
    {
        public List<object?> Values { get; set; } = new();
        public Amf3Trait Trait { get; set; } = new();
        public Dictionary<string, object?> DynamicMembersAndValues { get; set; } = new();
        public object ToObject() => throw new NotSupportedException();
    }

    public class AmfWriter
    {
        public byte[] Data => throw new NotSupportedException();
        public void WriteAmf0(object? value) => throw new NotSupportedException();
        public void WriteAmf3(object? value) => throw new NotSupportedException();
    }

    public class AmfReader
    {
        public AmfReader(byte[] data) => throw new NotSupportedException();
        public object ReadAmf0() => throw new NotSupportedException();
        public object ReadAmf3() => throw new NotSupportedException();
    }
}
