using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatOpsBot.Tests.Watching;

/// <summary>Where watches.db goes: temp folders stand in for the binaries and the user's data folder, a file for /proc/mounts.</summary>
public sealed class WatchDataFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("chatopsbot-datafolder-").FullName;
    private readonly FakeLogger _logger = new();

    private string Binaries => Path.Combine(_root, "app");

    private string UserData => Path.Combine(_root, "home", ".local", "share");

    [Fact]
    public void Default_folder_is_ChatOpsBot_in_the_users_application_data_and_is_created()
    {
        var folder = new WatchDataFolder(_logger, UserData, NoMounts()).Prepare("", Binaries);

        Assert.Equal(Path.Combine(_root, "home", ".local", "share", "ChatOpsBot"), folder);
        Assert.True(Directory.Exists(folder));
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void Store_at_the_old_default_next_to_the_binaries_is_moved_with_its_wal_and_shm_and_the_move_is_logged()
    {
        var legacy = Path.Combine(Binaries, "data");
        Directory.CreateDirectory(legacy);
        File.WriteAllBytes(Path.Combine(legacy, "watches.db"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(legacy, "watches.db-wal"), [4, 5]);
        File.WriteAllBytes(Path.Combine(legacy, "watches.db-shm"), [6]);

        var folder = new WatchDataFolder(_logger, UserData, NoMounts()).Prepare(null, Binaries);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(folder, "watches.db")));
        Assert.Equal([4, 5], File.ReadAllBytes(Path.Combine(folder, "watches.db-wal")));
        Assert.Equal([6], File.ReadAllBytes(Path.Combine(folder, "watches.db-shm")));
        Assert.Empty(Directory.GetFiles(legacy));
        Assert.Equal(["watches.db", "watches.db-shm", "watches.db-wal"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var moved = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, moved.Level);
        Assert.Contains(legacy, moved.Message, StringComparison.Ordinal);
        Assert.Contains(folder, moved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_already_in_the_new_folder_is_kept_and_the_old_one_is_left_with_a_warning()
    {
        var legacy = Path.Combine(Binaries, "data");
        Directory.CreateDirectory(legacy);
        File.WriteAllBytes(Path.Combine(legacy, "watches.db"), [1]);
        var current = Path.Combine(UserData, "ChatOpsBot");
        Directory.CreateDirectory(current);
        File.WriteAllBytes(Path.Combine(current, "watches.db"), [9]);

        new WatchDataFolder(_logger, UserData, NoMounts()).Prepare("", Binaries);

        Assert.Equal([9], File.ReadAllBytes(Path.Combine(current, "watches.db")));
        Assert.Equal([1], File.ReadAllBytes(Path.Combine(legacy, "watches.db")));
        Assert.Equal(LogLevel.Warning, Assert.Single(_logger.Collector.GetSnapshot()).Level);
    }

    [Fact]
    public void Configured_folder_is_used_as_given_relative_to_the_binaries_and_nothing_is_moved()
    {
        var legacy = Path.Combine(Binaries, "data");
        Directory.CreateDirectory(legacy);
        File.WriteAllBytes(Path.Combine(legacy, "watches.db"), [1]);

        var relative = new WatchDataFolder(_logger, UserData, NoMounts()).Prepare("data", Binaries);
        var absolute = new WatchDataFolder(_logger, UserData, NoMounts()).Prepare(Path.Combine(_root, "elsewhere"), Binaries);

        Assert.Equal(legacy, relative);
        Assert.Equal(Path.Combine(_root, "elsewhere"), absolute);
        Assert.True(File.Exists(Path.Combine(legacy, "watches.db")));
        Assert.False(Directory.Exists(Path.Combine(UserData, "ChatOpsBot")));
    }

    [Fact]
    public void Without_a_home_folder_the_store_stays_next_to_the_binaries_with_a_warning_to_set_the_folder()
    {
        var folder = new WatchDataFolder(_logger, "", NoMounts()).Prepare("", Binaries);

        Assert.Equal(Path.Combine(Binaries, "data"), folder);
        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Watching:DataFolder", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void User_folder_that_cannot_be_created_falls_back_to_the_binaries_with_a_warning()
    {
        var notAFolder = Path.Combine(_root, "home-is-a-file");
        File.WriteAllText(notAFolder, "");

        var folder = new WatchDataFolder(_logger, notAFolder, NoMounts()).Prepare("", Binaries);

        Assert.Equal(Path.Combine(Binaries, "data"), folder);
        Assert.Contains("Watching:DataFolder", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nfs4")]
    [InlineData("cifs")]
    [InlineData("smb3")]
    [InlineData("fuse.blobfuse2")]
    public void Folder_on_a_network_filesystem_gets_a_warning_that_recommends_PostgreSQL(string filesystem)
    {
        var mounts = Mounts($"server:/export /mnt/shared {filesystem} rw,relatime 0 0");

        new WatchDataFolder(_logger, UserData, mounts).Prepare("/mnt/shared/chatopsbot", Binaries);

        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(filesystem, warning.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/mnt/shared-local/chatopsbot")]
    [InlineData("/srv/chatopsbot")]
    [InlineData("/var/lib/containers/chatopsbot")]
    public void Folder_on_a_local_disk_gets_no_warning_even_beside_a_network_mount(string folder)
    {
        var mounts = Mounts(
            "server:/export /mnt/shared nfs4 rw 0 0",
            "/dev/sdb1 /mnt/shared-local xfs rw 0 0",
            "fuse-overlayfs /var/lib/containers fuse.fuse-overlayfs rw 0 0");

        new WatchDataFolder(_logger, UserData, mounts).Prepare(folder, Binaries);

        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void Mount_point_with_a_space_is_read_as_the_kernel_writes_it()
    {
        var mounts = Mounts(@"//files/bots /mnt/team\040share cifs rw 0 0");

        new WatchDataFolder(_logger, UserData, mounts).Prepare("/mnt/team share/chatopsbot", Binaries);

        Assert.Contains("cifs", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string NoMounts() => Mounts();

    /// <summary>A mounts file as /proc/mounts reads, with an ext4 root under the given lines.</summary>
    private string Mounts(params string[] lines)
    {
        var path = Path.Combine(_root, "mounts");
        File.WriteAllLines(path, ["/dev/sda1 / ext4 rw,relatime 0 0", "proc /proc proc rw 0 0", .. lines]);
        return path;
    }
}
