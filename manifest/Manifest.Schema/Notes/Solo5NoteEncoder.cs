using System.Buffers.Binary;

namespace Solo5Net.Manifest;

/// <summary>Builds the bytes of a Solo5 note: header, "Solo5" name, descriptor padding, payload.</summary>
public static class Solo5NoteEncoder
{
    /// <summary>The whole note; descsz counts the padding plus the payload, as the tender expects.</summary>
    public static byte[] Encode(Solo5NoteKind kind, ReadOnlySpan<byte> payload)
    {
        var descriptorSize = kind.DescriptorPadding + payload.Length;
        if ((uint)descriptorSize > kind.MaxDescriptorSize)
            throw new ManifestException($"{kind.Label} note descriptor of {descriptorSize} bytes exceeds the maximum {kind.MaxDescriptorSize}");
        // The tender counts the padding inside descsz; readelf instead starts the descriptor after
        // the padding and rounds descsz up to the alignment. Sizing the note for both readings
        // (trailing zeros outside descsz) keeps `readelf -n` quiet and changes nothing for the tender.
        var descriptorStart = Solo5NoteKind.HeaderSize + kind.DescriptorPadding;
        var note = new byte[descriptorStart + Alignment.Up(descriptorSize, kind.Alignment)];
        BinaryPrimitives.WriteUInt32LittleEndian(note, Solo5NoteKind.OwnerNameSize);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), (uint)descriptorSize);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), kind.NoteType);
        "Solo5"u8.CopyTo(note.AsSpan(12));
        payload.CopyTo(note.AsSpan(descriptorStart));
        return note;
    }


    /// <summary>The ABI1 note for <paramref name="abi"/> (reserved words zero).</summary>
    public static byte[] EncodeAbi(AbiNote abi)
    {
        Span<byte> payload = stackalloc byte[AbiNote.DescriptorSize];
        payload.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(payload, abi.Target);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[4..], abi.Version);
        return Encode(Solo5NoteKind.Abi, payload);
    }

    /// <summary>The MFT1 note carrying <paramref name="mft"/>.</summary>
    public static byte[] EncodeManifest(Mft mft) => Encode(Solo5NoteKind.Manifest, mft.Encode());
}
