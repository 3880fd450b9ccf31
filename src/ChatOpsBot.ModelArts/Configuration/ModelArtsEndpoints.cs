using System.Text.RegularExpressions;

namespace ChatOpsBot.ModelArts.Configuration;

/// <summary>Where the ModelArts API of a Huawei Cloud region lives.</summary>
public static partial class ModelArtsEndpoints
{
    // The one region whose endpoint is on the .cn domain (Huawei Cloud "Regions and Endpoints").
    private const string DotCnRegion = "ap-southeast-1";

    /// <summary><c>https://modelarts.{region}.myhuaweicloud.com</c>, or <c>….myhuaweicloud.cn</c> for ap-southeast-1.</summary>
    /// <exception cref="ArgumentException">The region is not shaped like <c>cn-north-4</c>.</exception>
    public static Uri ForRegion(string region)
    {
        if (!IsRegion(region))
        {
            throw new ArgumentException("A region looks like 'cn-north-4': lower-case words and a number joined by '-'.", nameof(region));
        }
        var domain = region == DotCnRegion ? "myhuaweicloud.cn" : "myhuaweicloud.com";
        return new Uri($"https://modelarts.{region}.{domain}/");
    }

    /// <summary>True for names shaped like Huawei Cloud regions (<c>cn-north-4</c>, <c>ap-southeast-1</c>, <c>eu-west-101</c>).</summary>
    public static bool IsRegion(string? region) => region is not null && RegionShape().IsMatch(region);

    [GeneratedRegex("^[a-z]{2,3}(-[a-z]+)+-[0-9]{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionShape();
}
