using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus12lib class W1 (issue 16, thirteenth pass; FusionCache's distributed-cache accessor): the sync twin X(..) on the
/// branch a bool flag picks, the other branch of the same guard awaiting XAsync(..) on the same receiver. The flag's name
/// says nothing about sync or async (`PreferSyncSerialization` of an options object, a local, a property), so the
/// name-based dual-path guards did not apply. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102FlagChosenTwinTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Serializer = """
        public interface ISerializer
        {
            byte[] Serialize<T>(T value);
            ValueTask<byte[]> SerializeAsync<T>(T value, CancellationToken token = default);
            T Deserialize<T>(byte[] data);
            ValueTask<T> DeserializeAsync<T>(byte[] data, CancellationToken token = default);
        }

        public sealed class CacheOptions
        {
            public bool PreferSyncSerialization { get; set; }
            public bool Compact;
        }
        """;

    [Fact]
    public Task A_flag_choosing_between_the_sync_twin_and_the_awaited_async_twin_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Serializer + """
            public sealed class Accessor
            {
                private readonly ISerializer _serializer;
                private readonly CacheOptions _options;
                private bool Compact { get; set; }

                public Accessor(ISerializer serializer, CacheOptions options) { _serializer = serializer; _options = options; }

                public async Task<byte[]> SetAsync<T>(T entry, CancellationToken token)
                {
                    byte[] data;
                    try
                    {
                        if (_options.PreferSyncSerialization)
                        {
                            data = _serializer.Serialize(entry);
                        }
                        else
                        {
                            data = await _serializer.SerializeAsync(entry, token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception)
                    {
                        return Array.Empty<byte>();
                    }

                    return data;
                }

                public async Task<T> GetAsync<T>(byte[] data, CancellationToken token)
                {
                    // The sync twin in the else branch of a negated flag, the generic twin, the ?: form.
                    T entry;
                    if (!(_options.PreferSyncSerialization))
                        entry = await _serializer.DeserializeAsync<T>(data, token);
                    else
                        entry = _serializer.Deserialize<T>(data);

                    var again = Compact ? _serializer.Deserialize<T>(data) : await _serializer.DeserializeAsync<T>(data, token).AsTask();
                    return _options.Compact ? again : entry;
                }

                public async Task<string> ReadAsync(string path, bool fast)
                {
                    // A local flag and a parameter flag with static twins.
                    var small = new FileInfo(path).Length < 4096;
                    string text;
                    if (small) text = File.ReadAllText(path); else text = await File.ReadAllTextAsync(path);
                    if (fast) { return text + File.ReadAllText(path); } else { return text + await File.ReadAllTextAsync(path); }
                }
            }
            """);

    [Fact]
    public Task Guards_that_do_not_choose_between_the_twins_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Serializer + """
            public sealed class Accessor
            {
                private readonly ISerializer _serializer;
                private readonly ISerializer _other;
                private readonly CacheOptions _options;

                public Accessor(ISerializer serializer, ISerializer other, CacheOptions options) { _serializer = serializer; _other = other; _options = options; }

                public async Task<byte[]> NoElseAsync<T>(T entry)
                {
                    var data = Array.Empty<byte>();
                    if (_options.PreferSyncSerialization)
                        data = {|AG0102:_serializer.Serialize(entry)|};

                    await Task.Yield();
                    return data;
                }

                public async Task<byte[]> OtherMethodAsync<T>(T entry, byte[] data)
                {
                    if (_options.PreferSyncSerialization)
                        return {|AG0102:_serializer.Serialize(entry)|};
                    else
                        return (await _serializer.DeserializeAsync<byte[]>(data));
                }

                public async Task<byte[]> OtherReceiverAsync<T>(T entry)
                {
                    if (_options.PreferSyncSerialization)
                        return {|AG0102:_serializer.Serialize(entry)|};
                    else
                        return await _other.SerializeAsync(entry);
                }

                public async Task<byte[]> AwaitedInsideALambdaAsync<T>(T entry)
                {
                    if (_options.PreferSyncSerialization)
                        return {|AG0102:_serializer.Serialize(entry)|};
                    else
                        return await Task.Run(async () => await _serializer.SerializeAsync(entry));
                }

                public async Task<byte[]> ComputedConditionAsync<T>(T entry, int size)
                {
                    var data = size < 100 ? {|AG0102:_serializer.Serialize(entry)|} : await _serializer.SerializeAsync(entry);
                    if (ShouldUseSync())
                        data = {|AG0102:_serializer.Serialize(entry)|};
                    else
                        data = await _serializer.SerializeAsync(entry);
                    if (_options.PreferSyncSerialization && size > 0)
                        data = {|AG0102:_serializer.Serialize(entry)|};
                    else
                        data = await _serializer.SerializeAsync(entry);
                    return data;
                }

                public async Task<byte[]> OutsideTheGuardAsync<T>(T entry)
                {
                    byte[] data;
                    if (_options.PreferSyncSerialization)
                    {
                        Func<byte[]> late = () => _serializer.Serialize(entry);
                        data = late();
                    }
                    else
                        data = await _serializer.SerializeAsync(entry);
                    return data.Length > 0 ? data : {|AG0102:_serializer.Serialize(entry)|};
                }

                private bool ShouldUseSync() => _options.Compact;
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Serializer + """
        public sealed class Accessor
        {
            private readonly ISerializer _serializer = null!;
            private readonly Missing _options = null!;

            public async Task<byte[]> SetAsync<T>(T entry)
            {
                if (_options.PreferSync)
                    return {|AG0102:_serializer.Serialize(entry)|};
                else
                    return await _serializer.SerializeAsync(entry, Unknown());
            }

            public async Task<byte[]> HalfAsync<T>(T entry)
            {
                if (_options.
                    return {|AG0102:_serializer.Serialize(entry)|};
                else
                    return await _serializer.SerializeAsync(
            }
        }
        """);
}
