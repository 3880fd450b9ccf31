using ChatOpsBot.ModelArts.Configuration;

namespace ChatOpsBot.ModelArts.Tests.Configuration;

public sealed class ModelArtsEndpointsTests
{
    [Theory]
    [InlineData("cn-north-4", "https://modelarts.cn-north-4.myhuaweicloud.com/")]
    [InlineData("cn-southwest-2", "https://modelarts.cn-southwest-2.myhuaweicloud.com/")]
    [InlineData("ap-southeast-3", "https://modelarts.ap-southeast-3.myhuaweicloud.com/")]
    [InlineData("ap-southeast-1", "https://modelarts.ap-southeast-1.myhuaweicloud.cn/")]
    public void Region_gives_the_modelarts_endpoint(string region, string expected) =>
        Assert.Equal(new Uri(expected), ModelArtsEndpoints.ForRegion(region));

    [Theory]
    [InlineData("")]
    [InlineData("evil.example.com/")]
    [InlineData("cn-north-4.attacker")]
    [InlineData("CN-NORTH-4")]
    public void A_region_that_is_not_one_is_refused(string region) =>
        Assert.Throws<ArgumentException>(() => ModelArtsEndpoints.ForRegion(region));

    [Fact]
    public void Empty_endpoint_is_derived_from_the_region()
    {
        var options = new ModelArtsOptions { Region = "ap-southeast-1", Endpoint = "  " };

        Assert.Equal(new Uri("https://modelarts.ap-southeast-1.myhuaweicloud.cn/"), options.ResolveEndpoint());
    }

    [Fact]
    public void Default_region_is_cn_north_4()
    {
        Assert.Equal(new Uri("https://modelarts.cn-north-4.myhuaweicloud.com/"), new ModelArtsOptions().ResolveEndpoint());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080/sim", "http://localhost:5080/sim/")]
    [InlineData("https://modelarts.example.com/sim/", "https://modelarts.example.com/sim/")]
    public void An_explicit_endpoint_wins_and_keeps_its_path_prefix(string endpoint, string expected)
    {
        var options = new ModelArtsOptions { Region = "cn-north-4", Endpoint = endpoint };

        var resolved = options.ResolveEndpoint();

        Assert.Equal(new Uri(expected), resolved);
        Assert.Equal(new Uri(expected + "v1/p/dev-servers/jobs"), new Uri(resolved, "v1/p/dev-servers/jobs"));
    }
}
