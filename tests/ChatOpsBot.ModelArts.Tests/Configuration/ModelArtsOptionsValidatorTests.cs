using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.ModelArts.Tests.Configuration;

public sealed class ModelArtsOptionsValidatorTests
{
    private const string AccessKey = "HWAKSECRETLOOKING0001";
    private const string SecretKey = "verySecretKeyValue0123456789abcdefghij";
    private const string Token = "temporarySecurityTokenValue+/=42";

    [Fact]
    public void Complete_settings_with_defaults_are_valid()
    {
        var result = Validate(Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("AccessKey")]
    [InlineData("SecretKey")]
    [InlineData("ProjectId")]
    public void A_missing_required_setting_is_named_with_how_to_set_it(string setting)
    {
        var options = Valid();
        typeof(ModelArtsOptions).GetProperty(setting)!.SetValue(options, null);

        var result = Validate(options);

        Assert.Equal(
            [$"ModelArts:{setting} is missing: set it with the environment variable ModelArts__{setting} or user-secrets."],
            result.Failures);
    }

    [Fact]
    public void Every_missing_setting_is_reported_at_once()
    {
        var result = Validate(new ModelArtsOptions());

        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData("0a1b2c3d4e5f60718293a4b5c6d7e8f9", true)]
    [InlineData("a", true)]
    [InlineData("project-with-dashes-42", true)]
    [InlineData("abc_def", false)]
    [InlineData("ab/cd", false)]
    [InlineData("ab cd", false)]
    [InlineData("项目", false)]
    [InlineData("..", false)]
    public void Project_id_is_letters_digits_and_dashes(string projectId, bool valid)
    {
        var options = Valid();
        options.ProjectId = projectId;

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(["ModelArts:ProjectId must be 1 to 64 letters, digits or '-' (see 'Obtaining a Project ID' in the Huawei Cloud console)."],
                result.Failures);
        }
    }

    [Fact]
    public void Project_id_longer_than_64_characters_is_refused()
    {
        var options = Valid();
        options.ProjectId = new string('a', 65);

        Assert.False(Validate(options).Succeeded);
        options.ProjectId = new string('a', 64);
        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("cn-north-4", true)]
    [InlineData("ap-southeast-1", true)]
    [InlineData("eu-west-101", true)]
    [InlineData("ae-ad-1", true)]
    [InlineData("CN-NORTH-4", false)]
    [InlineData("cn_north_4", false)]
    [InlineData("cn-north", false)]
    [InlineData("evil.example.com/x", false)]
    [InlineData("", false)]
    public void Region_must_look_like_a_huawei_cloud_region(string region, bool valid)
    {
        var options = Valid();
        options.Region = region;

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(["ModelArts:Region must look like 'cn-north-4': lower-case words and a number joined by '-'."], result.Failures);
        }
    }

    [Theory]
    [InlineData("https://modelarts.cn-north-4.myhuaweicloud.com", true)]
    [InlineData("http://127.0.0.1:5080/", true)]
    [InlineData("http://localhost:5080/sim/", true)]
    [InlineData("", true)]
    [InlineData("modelarts.cn-north-4.myhuaweicloud.com", false)]
    [InlineData("/relative/path", false)]
    [InlineData("ftp://modelarts.example.com", false)]
    [InlineData("https://user:hunter2@modelarts.example.com", false)]
    [InlineData("https://modelarts.example.com/?x=1", false)]
    [InlineData("https://modelarts.example.com/#top", false)]
    public void Endpoint_is_an_absolute_http_url_or_empty(string endpoint, bool valid)
    {
        var options = Valid();
        options.Endpoint = endpoint;

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            var failure = Assert.Single(result.Failures!);
            Assert.StartsWith("ModelArts:Endpoint must be an absolute http or https URL", failure, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("00:00:00", "00:00:10", "ModelArts:AttemptTimeout must be positive, e.g. 00:00:03 for 3 seconds.")]
    [InlineData("-00:00:01", "00:00:10", "ModelArts:AttemptTimeout must be positive, e.g. 00:00:03 for 3 seconds.")]
    [InlineData("00:00:03", "00:00:00", "ModelArts:TotalTimeout must be positive, e.g. 00:00:03 for 3 seconds.")]
    [InlineData("00:00:00.001", "00:00:10", "ModelArts:AttemptTimeout must be between 10 ms and 1 day.")]
    [InlineData("00:00:05", "00:00:02", "ModelArts:AttemptTimeout (5 s) must not exceed ModelArts:TotalTimeout (2 s).")]
    public void Timeouts_are_positive_and_an_attempt_fits_in_the_total(string attempt, string total, string message)
    {
        var options = Valid();
        options.AttemptTimeout = TimeSpan.Parse(attempt, System.Globalization.CultureInfo.InvariantCulture);
        options.TotalTimeout = TimeSpan.Parse(total, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal([message], Validate(options).Failures);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Retries_are_between_0_and_10(int retries, bool valid)
    {
        var options = Valid();
        options.MaxRetries = retries;

        Assert.Equal(valid, Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("AccessKey")]
    [InlineData("SecretKey")]
    [InlineData("SecurityToken")]
    public void A_credential_pasted_with_a_newline_is_refused_without_showing_it(string setting)
    {
        var options = Valid();
        var pasted = typeof(ModelArtsOptions).GetProperty(setting)!.GetValue(options) + "\n";
        typeof(ModelArtsOptions).GetProperty(setting)!.SetValue(options, pasted);

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Equal($"ModelArts:{setting} contains whitespace or a control character: check how it was pasted.", failure);
    }

    [Fact]
    public void No_failure_message_ever_contains_a_credential()
    {
        var broken = new ModelArtsOptions
        {
            AccessKey = AccessKey + " ",
            SecretKey = " " + SecretKey,
            SecurityToken = Token + "\r\n",
            ProjectId = SecretKey,
            Region = SecretKey,
            Endpoint = $"https://{AccessKey}:{SecretKey}@example.com/?token={Token}",
            AttemptTimeout = TimeSpan.FromSeconds(20),
            TotalTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = -3,
        };

        var failures = Validate(broken).Failures!.ToList();

        Assert.True(failures.Count >= 7, string.Join("\n", failures));
        foreach (var failure in failures)
        {
            Assert.DoesNotContain(AccessKey, failure, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretKey, failure, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_do_not_print_their_secrets()
    {
        var text = Valid().ToString();

        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_fails_naming_the_missing_secret_key_and_not_the_access_key()
    {
        var settings = ModelArtsTestHost.Settings(new Uri("http://127.0.0.1:1/"));
        settings["ModelArts:SecretKey"] = null;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddModelArtsClient();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ModelArts:SecretKey is missing: set it with the environment variable ModelArts__SecretKey or user-secrets.",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelArtsTestHost.AccessKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelArtsTestHost.SecurityToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_reads_every_setting_of_the_section()
    {
        var settings = ModelArtsTestHost.Settings(new Uri("http://127.0.0.1:5080/"));
        settings["ModelArts:Region"] = "ap-southeast-1";
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddModelArtsClient();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ModelArtsOptions>>().Value;

        Assert.Equal("ap-southeast-1", options.Region);
        Assert.Equal("http://127.0.0.1:5080/", options.Endpoint);
        Assert.Equal(ModelArtsTestHost.ProjectId, options.ProjectId);
        Assert.Equal(ModelArtsTestHost.AccessKey, options.AccessKey);
        Assert.Equal(ModelArtsTestHost.SecretKey, options.SecretKey);
        Assert.Equal(ModelArtsTestHost.SecurityToken, options.SecurityToken);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(25), options.TotalTimeout);
        Assert.Equal(2, options.MaxRetries);
    }

    private static ModelArtsOptions Valid() => new()
    {
        ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SecurityToken = Token,
    };

    private static ValidateOptionsResult Validate(ModelArtsOptions options) =>
        new ModelArtsOptionsValidator().Validate(Options.DefaultName, options);
}
