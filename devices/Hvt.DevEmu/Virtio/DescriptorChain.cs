namespace Solo5Net.DevEmu.Virtio;

/// <summary>A chain taken off a virtqueue: its head (the id returned in the used ring) and its
/// buffers in order, readable ones first. Reused from one chain to the next.</summary>
public sealed class DescriptorChain
{
    private readonly List<VirtqDescriptor> _buffers = [];

    public ushort Head { get; private set; }
    public IReadOnlyList<VirtqDescriptor> Buffers => _buffers;
    public ulong ReadableBytes { get; private set; }
    public ulong WritableBytes { get; private set; }
    public bool HasWritable { get; private set; }
    public bool HasReadable { get; private set; }

    internal void Start(ushort head)
    {
        Head = head;
        _buffers.Clear();
        ReadableBytes = 0;
        WritableBytes = 0;
        HasWritable = HasReadable = false;
    }

    internal void Add(VirtqDescriptor descriptor)
    {
        _buffers.Add(descriptor);
        if (descriptor.IsDeviceWritable)
        {
            WritableBytes += descriptor.Length;
            HasWritable = true;
        }
        else
        {
            ReadableBytes += descriptor.Length;
            HasReadable = true;
        }
    }
}
