using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Manifest;
using Solo5Net.Tests.Manifest.Support;
using Xunit;

namespace Solo5Net.Tests.Manifest.Properties;

/// <summary>
/// Whatever bytes or text arrive, the readers fail only with ManifestException: never an
/// out-of-range read, an overflow or a parser's own exception type.
/// </summary>
public sealed class RobustnessProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static readonly byte[] ValidImage = TestImage.Valid(ThreeDevices().Encode());

    private static Mft ThreeDevices() => Mft.Create([
        new MftEntry("storage", MftDeviceType.BlockBasic),
        new MftEntry("net0", MftDeviceType.NetBasic),
        new MftEntry("nic", MftDeviceType.PciBasic) { VendorId = 0x8086, DeviceId = 0x100e, DmaMin = 1 << 20 },
    ]);

    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    /// <summary>Runs everything the tender does with an image's bytes before boot.</summary>
    private static bool ReadsCleanly(byte[] image)
    {
        try
        {
            var elf = ElfFile.Parse(image);
            Solo5Notes.ReadAbi(elf);
            var mft = Solo5Notes.ReadManifest(elf);
            if (mft != null) Mft.Decode(mft).Find("net0", MftDeviceType.NetBasic);
        }
        catch (ManifestException)
        {
        }
        return true;
    }

    /// <summary>Copies of <paramref name="original"/> with 1–8 bytes replaced; sometimes also truncated.</summary>
    private static Gen<byte[]> Mutations(byte[] original) =>
        from edits in Gen.Zip(Gen.Choose(0, original.Length - 1), AnyByte).NonEmptyListOf()
        from cut in Gen.Choose(0, 4)
        from keep in Gen.Choose(0, original.Length)
        select Mutate(original, edits.Take(8), cut == 0 ? keep : original.Length);

    private static byte[] Mutate(byte[] original, IEnumerable<(int Position, byte Value)> edits, int length)
    {
        var copy = (byte[])original.Clone();
        foreach (var (position, value) in edits) copy[position] = value;
        return copy[..length];
    }

    [Fact]
    public void Random_bytes_never_throw_anything_else() =>
        Check.One(Runs, Prop.ForAll(Arb.From(AnyByte.ArrayOf()), ReadsCleanly));

    [Fact]
    public void Random_bytes_behind_a_valid_elf_header_never_throw_anything_else() =>
        Check.One(Runs, Prop.ForAll(
            Arb.From(AnyByte.ArrayOf().Select(tail => ValidImage[..64].Concat(tail).ToArray())), ReadsCleanly));

    [Fact]
    public void Mutated_valid_images_never_throw_anything_else() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), Prop.ForAll(Arb.From(Mutations(ValidImage)), ReadsCleanly));

    [Fact]
    public void Mutated_manifests_never_throw_anything_else()
    {
        var bytes = ThreeDevices().Encode();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(Mutations(bytes)), mutated =>
        {
            try
            {
                var mft = Mft.Decode(mutated);
                return mft.Encode().AsSpan().SequenceEqual(mutated);
            }
            catch (ManifestException)
            {
                return true;
            }
        }));
    }

    [Fact]
    public void Mutated_manifest_sources_never_throw_anything_else()
    {
        const string yaml = "version: 1\ndevices:\n  - name: nic\n    type: PCI_BASIC\n    match: { vendor: 0x8086, class: 2 }\n    dma: 10M\n  - {name: disk, type: BLOCK_BASIC}\n";
        const string json = """{"type":"solo5.manifest","version":1,"devices":[{"name":"a","type":"NET_BASIC"}]}""";
        var chars = Gen.Elements("{}[]:,-#&*!|>'\"\n \t0x9aZ_\\%@`?~".ToCharArray());

        Gen<string> Mutated(string text) =>
            from edits in Gen.Zip(Gen.Choose(0, text.Length - 1), chars).NonEmptyListOf()
            select Replace(text, edits.Take(6));

        bool Parses(string text, ManifestSourceFormat format)
        {
            try
            {
                ManifestSource.Parse(text, "x", format).ToMft().Encode();
            }
            catch (ManifestException)
            {
            }
            return true;
        }

        Check.One(Runs, Prop.ForAll(Arb.From(Mutated(yaml)), t => Parses(t, ManifestSourceFormat.Yaml)));
        Check.One(Runs, Prop.ForAll(Arb.From(Mutated(json)), t => Parses(t, ManifestSourceFormat.Json)));
    }

    [Fact]
    public void Any_encoded_manifest_decodes_to_the_same_bytes()
    {
        var name = Gen.Elements("abcXYZ0189".ToCharArray()).ArrayOf().Select(c => new string(c.Take(67).ToArray()));
        var entry =
            from n in name
            from type in Gen.Elements(MftDeviceType.BlockBasic, MftDeviceType.NetBasic, MftDeviceType.PciBasic, 77u)
            from u in AnyByte.ArrayOf(16)
            from b in Gen.Choose(int.MinValue, int.MaxValue)
            select MakeEntry(n, type, u, (ulong)(uint)b);
        var manifests = entry.ListOf().Select(list => Mft.Create(list.Take(63)));

        Check.One(Runs, Prop.ForAll(Arb.From(manifests), mft =>
        {
            var bytes = mft.Encode();
            return Mft.Decode(bytes).Encode().AsSpan().SequenceEqual(bytes);
        }));
    }

    private static string Replace(string text, IEnumerable<(int Position, char Value)> edits)
    {
        var chars = text.ToCharArray();
        foreach (var (position, value) in edits) chars[position] = value;
        return new string(chars);
    }

    private static MftEntry MakeEntry(string name, uint type, byte[] u, ulong b)
    {
        var e = new MftEntry(name, type) { B = b };
        u.CopyTo(e.U);
        return e;
    }
}
