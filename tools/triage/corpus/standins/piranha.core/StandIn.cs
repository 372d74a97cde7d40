using System;
using System.Collections.Generic;

namespace X.Web.Sitemap
{
    public enum ChangeFrequency { Always, Hourly, Daily, Weekly, Monthly, Yearly, Never }

    public class Url
    {
        public string Location { get; set; }
        public DateTime TimeStamp { get; set; }
        public ChangeFrequency ChangeFrequency { get; set; }
        public double Priority { get; set; }
    }

    public class Sitemap : List<Url>
    {
        public virtual string ToXml() => throw new NotImplementedException();
    }
}

namespace X.Web.Sitemap.Extensions
{
    public static class StandInExtensions { }
}
